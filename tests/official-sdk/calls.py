"""Drives Huawei's official Python SDK against a loopback capture server: one call per job
entry, so a test can compare the requests it sends with the generated client's
(tests/sdk_wire.rs).

stdin: {"endpoint": URL, "ak": AK, "sk": SK, "project_id": ID,
        "calls": [{"operation": "ListBackups", "arguments": {...}, "body": {...}?}, ...]}
       or, instead of "endpoint" and "project_id", "region": ID: the client is built for the
       region (its endpoint and IAM's from the environment) and finds its project in IAM.
stdout: a JSON list: per call, the exception class raised, if any.
"""

import json
import logging
import sys

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcbr.v1 import CbrClient
from huaweicloudsdkcbr.v1.region.cbr_region import CbrRegion
import huaweicloudsdkcbr.v1 as models


def snake(name):
    out = ""
    for i, c in enumerate(name):
        if c.isupper() and i:
            out += "_"
        out += c.lower()
    return out


def model(cls_name, value):
    """Builds the SDK model `cls_name` from plain JSON, member by member."""
    cls = getattr(models, cls_name)
    kwargs = {}
    for attr, ty in cls.openapi_types.items():
        key = cls.attribute_map[attr]
        if key not in value:
            continue
        kwargs[attr] = convert(ty, value[key])
    return cls(**kwargs)


def convert(ty, value):
    if ty.startswith("list["):
        return [convert(ty[5:-1], v) for v in value]
    if ty in ("str", "int", "bool", "float", "object", "datetime", "date"):
        return value
    return model(ty, value)


def main():
    job = json.load(sys.stdin)
    logging.disable(logging.CRITICAL)
    config = HttpConfig.get_default_config()
    config.timeout = (5, 10)
    builder = CbrClient.new_builder().with_http_config(config)
    if "region" in job:
        builder = builder.with_credentials(BasicCredentials(job["ak"], job["sk"])).with_region(
            CbrRegion.value_of(job["region"])
        )
    else:
        builder = builder.with_credentials(
            BasicCredentials(job["ak"], job["sk"], job["project_id"])
        ).with_endpoint(job["endpoint"])
    client = builder.build()
    results = []
    for call in job["calls"]:
        operation = call["operation"]
        request = getattr(models, operation + "Request")(**call["arguments"])
        if "body" in call:
            body_type = request.openapi_types["body"]
            request.body = model(body_type, call["body"])
        try:
            getattr(client, snake(operation))(request)
            results.append(None)
        except Exception as e:  # noqa: BLE001 - reported to the test
            results.append("%s: %s" % (type(e).__name__, e))
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
