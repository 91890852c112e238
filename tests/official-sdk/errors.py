"""Drives Huawei's official Python SDK against a loopback server that answers every call
with an error, and prints what the SDK reports for each: the reference the runtime's error
parsing is compared with (tests/sdk_errors.rs).

stdin: {"endpoint": "http://127.0.0.1:PORT", "count": N}; call i asks for backup `i`.
stdout: a JSON list, one entry per call, in order.
"""

import json
import logging
import sys

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions import exceptions
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcbr.v1 import CbrClient, ShowBackupRequest


def text(value):
    """The SDK's value as the runtime gives it: strings as they are, the rest as JSON."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def main():
    job = json.load(sys.stdin)
    logging.disable(logging.CRITICAL)
    config = HttpConfig.get_default_config()
    config.timeout = (5, 10)
    client = (
        CbrClient.new_builder()
        .with_http_config(config)
        .with_credentials(BasicCredentials("ERRAK", "ERRSK", "errors-project"))
        .with_endpoint(job["endpoint"])
        .build()
    )
    results = []
    for i in range(job["count"]):
        entry = {"index": i}
        try:
            client.show_backup(ShowBackupRequest(backup_id=str(i)))
            entry["raised"] = None
        except exceptions.ServiceResponseException as e:
            entry.update(
                raised=type(e).__name__,
                status=e.status_code,
                request_id=e.request_id,
                code=text(e.error_code),
                message=text(e.error_msg),
                encoded_authorization_message=text(e.encoded_auth_msg),
            )
        except Exception as e:  # noqa: BLE001 - recorded, compared as a failure
            entry.update(raised=type(e).__name__, detail=str(e))
        results.append(entry)
    json.dump(results, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
