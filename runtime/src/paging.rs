//! Paginated operations as streams: [`Pages`] sends one request per page and yields each
//! page; [`Items`] yields the items of every page in order. Each page is an ordinary call
//! (signed, retried, traced, its errors typed). A stream stops after an error, an empty
//! page, a short page (fewer items than the page size asked for), a page without a next
//! marker or link, and never runs past its page limit ([`DEFAULT_MAX_PAGES`] unless the
//! caller sets one).
//!
//! Generated request values of paginated operations implement [`Paginated`]: where a
//! page's items are and how to ask for the page after it. The helpers ([`next_offset`],
//! [`next_cursor`], [`next_link`]) hold the rules, so generated code only names members.

use std::collections::VecDeque;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures_core::Stream;
use reqwest::header::{HeaderMap, LINK};

use crate::response::ApiResponse;

/// The most pages a stream requests unless the caller sets its own limit.
pub const DEFAULT_MAX_PAGES: usize = 1000;

/// A request value of a paginated operation (implemented by generated code).
pub trait Paginated: Clone + Unpin + IntoFuture<IntoFuture: Unpin> {
    /// The success body of one page.
    type Page;
    /// One item of a page.
    type Item;

    /// The items of `page` (to count them, or to take them out); `None` when the page has
    /// no item list at all.
    fn items(page: &mut Self::Page) -> Option<&mut Vec<Self::Item>>;

    /// The request for the page after `page`, which held `count` items (at least one);
    /// `None` when `page` is the last.
    fn next_page(&self, page: &ApiResponse<Self::Page>, count: usize) -> Option<Self>;
}

/// The pages of a paginated call, as a [`Stream`] or with [`Pages::next`].
#[must_use = "a stream does nothing until it is polled"]
pub struct Pages<R: Paginated> {
    next: Option<R>,
    /// The request whose page is in flight: the one after it is made from it.
    current: Option<R>,
    in_flight: Option<R::IntoFuture>,
    fetched: usize,
    max_pages: usize,
    truncated: bool,
}

impl<R: Paginated> std::fmt::Debug for Pages<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("fetched", &self.fetched)
            .field("max_pages", &self.max_pages)
            .field("truncated", &self.truncated)
            .finish_non_exhaustive()
    }
}

impl<R: Paginated> Pages<R> {
    /// The pages starting with the one `first` asks for.
    pub fn new(first: R) -> Self {
        Self {
            next: Some(first),
            current: None,
            in_flight: None,
            fetched: 0,
            max_pages: DEFAULT_MAX_PAGES,
            truncated: false,
        }
    }

    /// Requests at most `max_pages` pages (default [`DEFAULT_MAX_PAGES`]); when more exist,
    /// the stream ends after the last one allowed and [`Pages::truncated`] says so.
    pub fn max_pages(mut self, max_pages: usize) -> Self {
        self.max_pages = max_pages;
        self
    }

    /// Whether the stream ended at its page limit while the server had more pages.
    pub fn truncated(&self) -> bool {
        self.truncated
    }

    /// How many pages have been requested so far.
    pub fn pages_fetched(&self) -> usize {
        self.fetched
    }
}

impl<R, T, E> Pages<R>
where
    R: Paginated<Page = T> + IntoFuture<Output = Result<ApiResponse<T>, E>>,
{
    /// The next page, `None` at the end: `while let Some(page) = pages.next().await`.
    pub async fn next(&mut self) -> Option<Result<ApiResponse<T>, E>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<R, T, E> Stream for Pages<R>
where
    R: Paginated<Page = T> + IntoFuture<Output = Result<ApiResponse<T>, E>>,
{
    type Item = Result<ApiResponse<T>, E>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.in_flight.is_none() {
            let Some(request) = this.next.take() else {
                return Poll::Ready(None);
            };
            if this.fetched >= this.max_pages {
                this.truncated = true;
                tracing::warn!(
                    max_pages = this.max_pages,
                    "paginated stream stopped at its page limit; more pages exist"
                );
                return Poll::Ready(None);
            }
            this.current = Some(request.clone());
            this.in_flight = Some(request.into_future());
            this.fetched += 1;
        }
        let Some(in_flight) = this.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let result = ready!(Pin::new(in_flight).poll(cx));
        this.in_flight = None;
        let current = this.current.take();
        Poll::Ready(Some(match result {
            Ok(mut page) => {
                let count = R::items(page.body_mut()).map_or(0, |items| items.len());
                this.next = match (count, current) {
                    (0, _) | (_, None) => None,
                    (count, Some(current)) => current.next_page(&page, count),
                };
                Ok(page)
            }
            Err(error) => {
                this.next = None;
                Err(error)
            }
        }))
    }
}

/// The items of every page of a paginated call, in order, as a [`Stream`] or with
/// [`Items::next`]. An error ends the stream after it is yielded.
#[must_use = "a stream does nothing until it is polled"]
pub struct Items<R: Paginated> {
    pages: Pages<R>,
    buffered: VecDeque<R::Item>,
}

impl<R: Paginated> std::fmt::Debug for Items<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffered.len())
            .finish()
    }
}

impl<R: Paginated> Items<R> {
    /// The items of the pages starting with the one `first` asks for.
    pub fn new(first: R) -> Self {
        Self {
            pages: Pages::new(first),
            buffered: VecDeque::new(),
        }
    }

    /// Requests at most `max_pages` pages; see [`Pages::max_pages`].
    pub fn max_pages(mut self, max_pages: usize) -> Self {
        self.pages = self.pages.max_pages(max_pages);
        self
    }

    /// Whether the stream ended at its page limit while the server had more pages.
    pub fn truncated(&self) -> bool {
        self.pages.truncated()
    }

    /// How many pages have been requested so far.
    pub fn pages_fetched(&self) -> usize {
        self.pages.pages_fetched()
    }
}

impl<R, T, E> Items<R>
where
    R: Paginated<Page = T> + IntoFuture<Output = Result<ApiResponse<T>, E>>,
    R::Item: Unpin,
{
    /// The next item, `None` at the end: `while let Some(item) = items.next().await`.
    pub async fn next(&mut self) -> Option<Result<R::Item, E>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<R, T, E> Stream for Items<R>
where
    R: Paginated<Page = T> + IntoFuture<Output = Result<ApiResponse<T>, E>>,
    R::Item: Unpin,
{
    type Item = Result<R::Item, E>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        // Bounded: each round either yields or takes a page, and pages are bounded.
        loop {
            if let Some(item) = this.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(mut page)) => {
                    if let Some(items) = R::items(page.body_mut()) {
                        this.buffered.extend(items.drain(..));
                    }
                }
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}

/// A page position or size parameter's integer type.
pub trait Position: Copy {
    /// The value as a count, when it is not negative.
    fn to_u64(self) -> Option<u64>;
    /// The count as this type, when it fits.
    fn from_u64(value: u64) -> Option<Self>;
}

macro_rules! position {
    ($($t:ty),*) => {$(
        impl Position for $t {
            fn to_u64(self) -> Option<u64> {
                u64::try_from(self).ok()
            }
            fn from_u64(value: u64) -> Option<Self> {
                <$t>::try_from(value).ok()
            }
        }
    )*};
}
position!(i32, i64, u32, u64);

/// Offset/limit paging: the offset of the page after one of `count` items that started at
/// `offset` (unset: 0). `None` when the page was short (`count` below `limit`, when the
/// page size is known) or the next offset does not fit the parameter's type.
pub fn next_offset<T: Position>(offset: Option<T>, limit: Option<T>, count: usize) -> Option<T> {
    let count = u64::try_from(count).ok()?;
    if limit
        .and_then(Position::to_u64)
        .is_some_and(|limit| count < limit)
    {
        return None;
    }
    let start = match offset {
        Some(offset) => offset.to_u64()?,
        None => 0,
    };
    T::from_u64(start.checked_add(count)?)
}

/// A marker or cursor value: empty means "no more pages" for text.
pub trait Cursor: Clone + PartialEq {
    /// Whether the value says there is nothing after this page.
    fn is_end(&self) -> bool;
}

impl Cursor for String {
    fn is_end(&self) -> bool {
        self.is_empty()
    }
}

macro_rules! integer_cursor {
    ($($t:ty),*) => {$(
        impl Cursor for $t {
            fn is_end(&self) -> bool {
                false
            }
        }
    )*};
}
integer_cursor!(i32, i64, u32, u64);

/// Marker/cursor paging: the cursor for the page after this one, read from the page
/// (`next`). `None` when the page has none, an empty one, or the one this page was asked
/// with (a server that would make the stream repeat itself).
pub fn next_cursor<T: Cursor>(current: Option<&T>, next: Option<&T>) -> Option<T> {
    let next = next.filter(|next| !next.is_end())?;
    (current != Some(next)).then(|| next.clone())
}

/// `Link` header paging (RFC 8288): the target of the first link whose `rel` includes
/// `next`, in any of the response's `Link` headers.
pub fn next_link(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(next_in_link_header)
}

/// The `rel="next"` target of one `Link` header value: `<url>; rel="next", <url>; …`.
fn next_in_link_header(value: &str) -> Option<String> {
    let mut rest = value;
    // Bounded: every round consumes at least the `<` it found.
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let close = after.find('>')?;
        let target = &after[..close];
        let params = &after[close + 1..];
        // The parameters run to the next link, a `,` outside quotes.
        let mut quoted = false;
        let end = params
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    quoted = !quoted;
                }
                c == ',' && !quoted
            })
            .map_or(params.len(), |(i, _)| i);
        let is_next = params[..end].split(';').any(|param| {
            let Some((name, value)) = param.split_once('=') else {
                return false;
            };
            name.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(target.trim().to_owned());
        }
        rest = &params[end..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_advance_by_the_items_received_and_stop_on_a_short_page() {
        assert_eq!(next_offset::<i32>(None, Some(2), 2), Some(2));
        assert_eq!(next_offset(Some(2i32), Some(2), 2), Some(4));
        assert_eq!(next_offset(Some(4i32), Some(2), 1), None);
        assert_eq!(next_offset::<i64>(Some(10), None, 3), Some(13));
        assert_eq!(next_offset::<i32>(Some(-1), None, 3), None);
        assert_eq!(next_offset(Some(i32::MAX), None, 1), None);
    }

    #[test]
    fn cursors_stop_when_missing_empty_or_repeated() {
        let (a, b, empty) = (String::from("a"), String::from("b"), String::new());
        assert_eq!(next_cursor(None, Some(&a)), Some(a.clone()));
        assert_eq!(next_cursor(Some(&a), Some(&b)), Some(b.clone()));
        assert_eq!(next_cursor(Some(&a), Some(&a)), None);
        assert_eq!(next_cursor(Some(&a), Some(&empty)), None);
        assert_eq!(next_cursor::<String>(Some(&a), None), None);
        assert_eq!(next_cursor(Some(&7u64), Some(&9)), Some(9));
    }

    #[test]
    fn the_next_link_is_found_among_others() {
        let github = r#"<https://api.github.com/orgs/o/repos?page=1>; rel="prev", <https://api.github.com/orgs/o/repos?page=3>; rel="next", <https://api.github.com/orgs/o/repos?page=9>; rel="last""#;
        assert_eq!(
            next_in_link_header(github).as_deref(),
            Some("https://api.github.com/orgs/o/repos?page=3")
        );
        assert_eq!(
            next_in_link_header(r#"</items?after=x>; title="a, b"; rel="prefetch next""#)
                .as_deref(),
            Some("/items?after=x")
        );
        assert_eq!(next_in_link_header(r#"</a>; rel="last""#), None);
        assert_eq!(next_in_link_header("garbage <"), None);
        let mut headers = HeaderMap::new();
        headers.append(LINK, "</a>; rel=prev".parse().unwrap());
        headers.append(LINK, "</b>; REL=next".parse().unwrap());
        assert_eq!(next_link(&headers).as_deref(), Some("/b"));
    }
}
