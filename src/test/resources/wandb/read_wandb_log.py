"""An independent reader of W&B .wandb transaction logs, for tests of metaopt's export.

It shares no code with metaopt's Java writer. The framing follows wandb's own reader,
wandb/sdk/internal/datastore.py (scan_data/scan_record: 7-byte W&B header ":W&B", 0xBEE1, 0;
32 KiB blocks; chunk header <IHB = crc, length, type; crc = zlib.crc32(data, crc32(type byte));
FULL=1 FIRST=2 MIDDLE=3 LAST=4; a block tail shorter than a header is zero padding). The
records are decoded with a generic protobuf wire-format parser and named by the field numbers
of wandb/proto/wandb_internal.proto.

Usage: read_wandb_log.py FILE  -> prints one JSON document describing every record.
"""
import json
import struct
import sys
import zlib

BLOCK, HEADER = 32768, 7
FULL, FIRST, MIDDLE, LAST = 1, 2, 3, 4
TYPE_CRC = {t: zlib.crc32(bytes([t])) & 0xFFFFFFFF for t in (FULL, FIRST, MIDDLE, LAST)}


def records(data):
    ident, magic, version = struct.unpack("<4sHB", data[:HEADER])
    assert (ident, magic, version) == (b":W&B", 0xBEE1, 0), "bad W&B header"
    pos, pending = HEADER, None
    while pos < len(data):
        left = BLOCK - pos % BLOCK
        if left < HEADER:
            assert data[pos:pos + left] == b"\0" * left, "block padding is not zeros"
            pos += left
            continue
        crc, length, kind = struct.unpack("<IHB", data[pos:pos + HEADER])
        chunk = data[pos + HEADER:pos + HEADER + length]
        assert len(chunk) == length, "truncated chunk"
        assert pos % BLOCK + HEADER + length <= BLOCK, "chunk crosses a block boundary"
        assert zlib.crc32(chunk, TYPE_CRC[kind]) & 0xFFFFFFFF == crc, "checksum mismatch"
        pos += HEADER + length
        if kind == FULL:
            assert pending is None
            yield chunk
        elif kind == FIRST:
            assert pending is None
            pending = chunk
        elif kind == MIDDLE:
            pending += chunk
        else:
            yield pending + chunk
            pending = None
    assert pending is None, "log ends inside a record"


def varint(buf, i):
    shift = result = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, i
        shift += 7


def fields(buf):
    """Protobuf wire format -> {field number: [values]} (bytes for length-delimited)."""
    out, i = {}, 0
    while i < len(buf):
        key, i = varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(buf, i)
        elif wire == 2:
            n, i = varint(buf, i)
            value, i = buf[i:i + n], i + n
        elif wire == 1:
            value, i = struct.unpack("<d", buf[i:i + 8])[0], i + 8
        elif wire == 5:
            value, i = struct.unpack("<f", buf[i:i + 4])[0], i + 4
        else:
            raise ValueError("unsupported wire type %d" % wire)
        out.setdefault(number, []).append(value)
    return out


def text(f, n):
    return f[n][0].decode("utf-8") if n in f else ""


def items(f, n):
    """ConfigItem / SummaryItem / HistoryItem: key=1, value_json=16."""
    return {text(it, 1): json.loads(text(it, 16)) for it in map(fields, f.get(n, []))}


def describe(raw):
    r = fields(raw)
    doc = {"num": r.get(1, [0])[0]}
    if 21 in r:
        doc["type"] = "header"
        doc["producer"] = text(fields(fields(r[21][0]).get(1, [b""])[0]), 1)
    elif 17 in r:
        run = fields(r[17][0])
        start = fields(run[17][0]) if 17 in run else {}
        doc.update(type="run", run_id=text(run, 1), entity=text(run, 2), project=text(run, 3),
                   config=items(fields(run[4][0]), 1) if 4 in run else {},
                   group=text(run, 6), job_type=text(run, 7), display_name=text(run, 8),
                   tags=[t.decode() for t in run.get(10, [])],
                   start_time=start.get(1, [0])[0])
    elif 2 in r:
        h = fields(r[2][0])
        doc.update(type="history", items=items(h, 1),
                   step=fields(h[2][0]).get(1, [0])[0] if 2 in h else None)
    elif 3 in r:
        doc.update(type="summary", update=items(fields(r[3][0]), 1))
    elif 18 in r:
        e = fields(r[18][0])
        doc.update(type="exit", exit_code=e.get(1, [0])[0], runtime=e.get(2, [0])[0])
    else:
        doc["type"] = "other:" + ",".join(str(k) for k in r)
    return doc


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as f:
        print(json.dumps([describe(r) for r in records(f.read())]))
