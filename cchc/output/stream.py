"""Machine formats written as they are produced: plain text, never through a styled console.

A JSON array of 50,000 records built in memory and then printed through Rich took 1.8 GiB and
most of a minute; written element by element it takes the memory of a few records. Each element
is one line (compact, by the C encoder: indenting makes ``json`` fall back to its Python encoder,
five times slower), so the output is still easy to read, diff and grep line by line.

The encoder is built once: ``JSONEncoder.encode`` builds a new C encoder at every call, which
cost as much as the encoding itself for 38,000 small records. Lines are written in batches
(one ``write`` per few hundred records instead of two per record).
"""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable, Iterable
from typing import Any, TextIO

BATCH = 256  # records per write


def json_encoder() -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False)`` (same text), with the encoder built once."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator: the standard encoder
        return json.JSONEncoder(ensure_ascii=False).encode
    default = json.JSONEncoder(ensure_ascii=False).default
    # The arguments of JSONEncoder.iterencode for ensure_ascii=False, check_circular=False
    # (records are trees), allow_nan=True and the default separators: the same text as encode().
    chunks = make(None, default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True)
    encode_str = json.encoder.encode_basestring

    def encode(value: Any) -> str:
        if isinstance(value, str):  # the C encoder needs a container or scalar at the top level
            return encode_str(value)
        return "".join(chunks(value, 0))

    return encode


def write_json_array(items: Iterable[Any], stream: TextIO) -> int:
    """Write ``items`` as a JSON array, one element a line; returns how many were written."""
    encode = json_encoder()
    count = 0
    write = stream.write
    batch: list[str] = []
    for item in items:
        batch.append(encode(item))
        count += 1
        if len(batch) == BATCH:
            write(("[\n  " if count == BATCH else ",\n  ") + ",\n  ".join(batch))
            batch.clear()
    if batch:
        write(("[\n  " if count == len(batch) else ",\n  ") + ",\n  ".join(batch))
    write("\n]\n" if count else "[]\n")
    return count
