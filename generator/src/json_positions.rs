//! Node positions of a JSON text, in one pass over its bytes.
//!
//! The source map's general index reads the text with a YAML event parser, which costs about
//! as much as loading the document; most documents are JSON, and a scanner that only tracks
//! where each node starts is several times cheaper. It gives exactly the positions the YAML
//! parser gives for the same text (a mapping value at its key's opening quote, anything else
//! where it starts; lines and columns counted in characters from 1, `\r\n` and a lone `\r`
//! each one line break), and gives up (`None`) on anything that is not strict JSON, so the
//! caller can fall back to the YAML parser. It only scans: what to keep of each position is
//! the caller's (the source map's index).

use std::borrow::Cow;
use std::fmt::Write as _;

/// Containers nested deeper than this are left to the general parser.
const MAX_DEPTH: usize = 1024;

/// Where a node starts: line and column, in characters, from 1.
type Position = (usize, usize);

/// Calls `node` with the pointer and position of every node of `text`, in document order;
/// `None` when `text` is not strict JSON (after calls for the nodes before the fault).
pub fn visit(text: &str, mut node: impl FnMut(&str, Position)) -> Option<()> {
    let mut scan = Scan {
        bytes: text.as_bytes(),
        at: 0,
        line: 1,
        counted_to: 0,
        column_chars: 0,
    };
    // The pointer of the node being read, built in place: each frame remembers the length of
    // its container's pointer.
    let mut path = String::new();
    let mut stack: Vec<Frame> = Vec::new();
    scan.skip_space();
    let mut location = scan.location();
    loop {
        node(&path, location);
        match scan.peek()? {
            b'{' => {
                if scan.open(b'}')? {
                    enter(&mut stack, Frame::Mapping(path.len()))?;
                    location = scan.key(&mut path)?;
                    continue;
                }
            }
            b'[' => {
                if scan.open(b']')? {
                    enter(&mut stack, Frame::Sequence(path.len(), 0))?;
                    path.push_str("/0");
                    location = scan.location();
                    continue;
                }
            }
            _ => scan.scalar()?,
        }
        // A node is complete: close the containers it completes, or step to the next sibling.
        loop {
            scan.skip_space();
            let Some(frame) = stack.last_mut() else {
                return (scan.at == scan.bytes.len()).then_some(());
            };
            match (scan.peek()?, frame) {
                (b',', Frame::Mapping(parent)) => {
                    scan.at += 1;
                    scan.skip_space();
                    path.truncate(*parent);
                    location = scan.key(&mut path)?;
                    break;
                }
                (b',', Frame::Sequence(parent, index)) => {
                    scan.at += 1;
                    scan.skip_space();
                    path.truncate(*parent);
                    *index += 1;
                    // Writing into a `String` does not fail.
                    let _ = write!(path, "/{index}");
                    location = scan.location();
                    break;
                }
                (b'}', Frame::Mapping(parent)) | (b']', Frame::Sequence(parent, _)) => {
                    scan.at += 1;
                    path.truncate(*parent);
                    stack.pop();
                }
                _ => return None,
            }
        }
    }
}

/// Opens a container; `None` past [`MAX_DEPTH`].
fn enter(stack: &mut Vec<Frame>, frame: Frame) -> Option<()> {
    stack.push(frame);
    (stack.len() <= MAX_DEPTH).then_some(())
}

/// A container being read, with the length of its pointer.
enum Frame {
    Mapping(usize),
    /// And the index of the item being read.
    Sequence(usize, usize),
}

struct Scan<'t> {
    bytes: &'t [u8],
    at: usize,
    line: usize,
    /// Characters of the current line before `counted_to`, counted once as the scan moves on
    /// (a minified document is one long line).
    counted_to: usize,
    column_chars: usize,
}

impl<'t> Scan<'t> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn location(&mut self) -> Position {
        let chars = self.bytes[self.counted_to..self.at]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count();
        self.column_chars += chars;
        self.counted_to = self.at;
        (self.line, self.column_chars + 1)
    }

    /// Reads the opening bracket at the cursor and the space after it; whether the container
    /// has items (an empty one is read to its closing `close`).
    fn open(&mut self, close: u8) -> Option<bool> {
        self.at += 1;
        self.skip_space();
        if self.peek()? == close {
            self.at += 1;
            return Some(false);
        }
        Some(true)
    }

    fn new_line(&mut self, start: usize) {
        self.line += 1;
        self.counted_to = start;
        self.column_chars = 0;
    }

    fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' => self.at += 1,
                b'\n' => {
                    self.at += 1;
                    self.new_line(self.at);
                }
                b'\r' => {
                    self.at += 1;
                    if self.peek() == Some(b'\n') {
                        self.at += 1;
                    }
                    self.new_line(self.at);
                }
                _ => break,
            }
        }
    }

    /// A mapping key, its colon and the space after it: the key is pushed onto `path` as a
    /// reference token; returns where it starts.
    fn key(&mut self, path: &mut String) -> Option<Position> {
        let location = self.location();
        let key = self.string()?;
        path.push('/');
        for c in key.chars() {
            match c {
                '~' => path.push_str("~0"),
                '/' => path.push_str("~1"),
                c => path.push(c),
            }
        }
        self.skip_space();
        (self.peek()? == b':').then_some(())?;
        self.at += 1;
        self.skip_space();
        Some(location)
    }

    /// A string at the cursor, decoded (borrowed from the text when it has no escapes).
    fn string(&mut self) -> Option<Cow<'t, str>> {
        (self.peek()? == b'"').then_some(())?;
        self.at += 1;
        let start = self.at;
        loop {
            match *self.bytes.get(self.at)? {
                b'"' => {
                    let raw = std::str::from_utf8(&self.bytes[start..self.at]).ok()?;
                    self.at += 1;
                    return Some(Cow::Borrowed(raw));
                }
                b'\\' => break,
                b if b < 0x20 => return None,
                _ => self.at += 1,
            }
        }
        // Escapes: decode from the start.
        let mut out = String::from(std::str::from_utf8(&self.bytes[start..self.at]).ok()?);
        loop {
            match *self.bytes.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    return Some(Cow::Owned(out));
                }
                b'\\' => {
                    self.at += 1;
                    let escaped = *self.bytes.get(self.at)?;
                    self.at += 1;
                    out.push(match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    });
                }
                b if b < 0x20 => return None,
                _ => {
                    let run = self.at;
                    while self
                        .bytes
                        .get(self.at)
                        .is_some_and(|&b| b != b'"' && b != b'\\' && b >= 0x20)
                    {
                        self.at += 1;
                    }
                    out.push_str(std::str::from_utf8(&self.bytes[run..self.at]).ok()?);
                }
            }
        }
    }

    /// The character of a `\u` escape whose `u` was just read (a surrogate pair if need be).
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if !(0xD800..0xDC00).contains(&first) {
            return char::from_u32(first);
        }
        (self.bytes.get(self.at..self.at + 2)? == b"\\u").then_some(())?;
        self.at += 2;
        let second = self.hex4()?;
        (0xDC00..0xE000).contains(&second).then_some(())?;
        char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.at..self.at + 4)?;
        self.at += 4;
        digits.iter().try_fold(0, |value, &b| {
            Some(value * 16 + char::from(b).to_digit(16)?)
        })
    }

    /// A string, number, `true`, `false` or `null` at the cursor, skipped.
    fn scalar(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string().map(drop),
            b't' => self.word(b"true"),
            b'f' => self.word(b"false"),
            b'n' => self.word(b"null"),
            b'-' | b'0'..=b'9' => {
                let start = self.at;
                while self
                    .peek()
                    .is_some_and(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                {
                    self.at += 1;
                }
                let number = std::str::from_utf8(&self.bytes[start..self.at]).ok()?;
                is_json_number(number).then_some(())
            }
            _ => None,
        }
    }

    fn word(&mut self, word: &[u8]) -> Option<()> {
        (self.bytes.get(self.at..self.at + word.len())? == word).then_some(())?;
        self.at += word.len();
        Some(())
    }
}

/// JSON's number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
fn is_json_number(text: &str) -> bool {
    let mut rest = text.strip_prefix('-').unwrap_or(text).as_bytes();
    let digits = |rest: &mut &[u8]| {
        let n = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        *rest = &rest[n..];
        n
    };
    let leading_zero = rest.first() == Some(&b'0');
    let whole = digits(&mut rest);
    if whole == 0 || (leading_zero && whole > 1) {
        return false;
    }
    if let Some(after) = rest.strip_prefix(b".") {
        rest = after;
        if digits(&mut rest) == 0 {
            return false;
        }
    }
    if let Some(after) = rest.strip_prefix(b"e").or_else(|| rest.strip_prefix(b"E")) {
        rest = after;
        rest = rest
            .strip_prefix(b"+")
            .or_else(|| rest.strip_prefix(b"-"))
            .unwrap_or(rest);
        if digits(&mut rest) == 0 {
            return false;
        }
    }
    rest.is_empty()
}
