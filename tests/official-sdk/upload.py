"""Uploads a file the way Huawei's official Python SDK sends an `application/octet-stream`
body (a file object, streamed by `requests`), once per signing algorithm, to a loopback
capture server, so a test can compare the requests with the runtime's (tests/sdk_wire.rs).

stdin: {"endpoint": URL, "ak": AK, "sk": SK, "project_id": ID, "path": FILE,
        "uploads": [{"name": OBJECT, "algorithm": "HMAC_SHA256" | "HMAC_SM3"}, ...]}
stdout: a JSON list: per upload, the exception raised, if any.
"""

import json
import logging
import sys

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.signer.algorithm import SigningAlgorithm
from huaweicloudsdkcbr.v1 import CbrClient


def main():
    job = json.load(sys.stdin)
    logging.disable(logging.CRITICAL)
    results = []
    for upload in job["uploads"]:
        config = HttpConfig.get_default_config()
        config.timeout = (5, 30)
        config.signing_algorithm = SigningAlgorithm[upload["algorithm"]]
        client = (
            CbrClient.new_builder()
            .with_http_config(config)
            .with_credentials(BasicCredentials(job["ak"], job["sk"], job["project_id"]))
            .with_endpoint(job["endpoint"])
            .build()
        )
        try:
            with open(job["path"], "rb") as body:
                client.do_http_request(
                    method="PUT",
                    resource_path="/v3/{project_id}/objects/{name}",
                    path_params={"name": upload["name"]},
                    header_params={"Content-Type": "application/octet-stream"},
                    body=body,
                    response_type="RestoreBackupResponse",
                    response_headers=[],
                )
            results.append(None)
        except Exception as e:  # noqa: BLE001 - reported to the test
            results.append("%s: %s" % (type(e).__name__, e))
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
