"""Machine formats written as they are produced: plain text, never through a styled console.

A JSON array of 50,000 records built in memory and then printed through Rich took 1.8 GiB and
most of a minute; written element by element it takes the memory of a few records. Each element
is one line, in compact JSON (no space after ``,`` and ``:``), so the output is still easy to
read, diff and grep line by line.

The encoder is orjson where its wheel is installed (four times faster than ``json``'s C
encoder on 38,000 deadline rows), else ``json``'s C encoder with the same separators, built once
(``JSONEncoder.encode`` builds a new one at every call). Both write the very same bytes for
text, integers, booleans, ``None``, lists and string-keyed mappings (orjson writes UTF-8 as
``ensure_ascii=False`` does and escapes the same characters the same way). Not for floats:
orjson writes ``1e-6`` where Python writes ``1e-06``, so records that may hold a float (the
default, ``floats=True``) are never given to orjson. Whatever orjson declines (an integer beyond
64 bits, nesting deeper than it goes) is written by the fallback encoder. Lines are written in
batches (one ``write`` per 64 records), as UTF-8 bytes straight to the binary buffer of
a UTF-8 text stream.
"""

from __future__ import annotations

import io
import json
import json.encoder
import os
from collections.abc import Callable, Iterable
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - orjson has wheels for every platform cchc supports
    orjson = None  # type: ignore[assignment]

# Records per write: about 45 kB of a listing's 700-byte rows. Batches of 256 (180 kB) went past
# malloc's mmap threshold (128 kB), so each was mapped and unmapped afresh: 50,000 more page faults
# for 38,000 rows, a tenth of the command's CPU time in the kernel.
BATCH = 64
SEPARATORS = (",", ":")  # compact: the only separators orjson writes


def fallback_encoder() -> Callable[[Any], bytes]:
    """``json.dumps(value, ensure_ascii=False, separators=SEPARATORS)`` as UTF-8, with the
    encoder built once: what :func:`json_encoder` writes when orjson is missing or declines."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator: the standard encoder
        encode_text = json.JSONEncoder(ensure_ascii=False, separators=SEPARATORS).encode
    else:
        default = json.JSONEncoder(ensure_ascii=False).default
        # The arguments of JSONEncoder.iterencode for ensure_ascii=False, check_circular=False
        # (records are trees), allow_nan=True and these separators: the same text as encode().
        chunks = make(None, default, json.encoder.encode_basestring, None, SEPARATORS[1], SEPARATORS[0],
                      False, False, True)
        encode_str = json.encoder.encode_basestring

        def encode_text(value: Any) -> str:
            if isinstance(value, str):  # the C encoder needs a container or scalar at the top level
                return encode_str(value)
            return "".join(chunks(value, 0))

    def encode(value: Any) -> bytes:
        # A lone surrogate (no YAML reader lets one through) becomes "?", as the console writes it.
        return encode_text(value).encode("utf-8", "replace")

    return encode


def json_encoder(*, floats: bool = True) -> Callable[[Any], bytes]:
    """One value as compact JSON in UTF-8: orjson when installed and the values hold no float
    (``floats=False``, the caller's word), else :func:`fallback_encoder`; the same bytes either way."""
    fallback = fallback_encoder()
    if orjson is None or floats:
        return fallback
    dumps = orjson.dumps

    def encode(value: Any) -> bytes:
        try:
            return dumps(value)
        except TypeError:  # orjson.JSONEncodeError: a value it does not write
            return fallback(value)

    return encode


def _byte_writer(stream: Any) -> Callable[[bytes], Any]:
    """Write UTF-8 bytes to ``stream``: a binary stream as they are; a UTF-8 text stream through
    its binary buffer (after what it holds) where lines end in ``\\n`` as written; any other text
    stream (a terminal in another encoding, a ``StringIO``) as text, with its own error handling."""
    if isinstance(stream, io.RawIOBase | io.BufferedIOBase):
        return stream.write
    buffer = getattr(stream, "buffer", None)
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
    if buffer is not None and encoding in ("utf-8", "utf8") and os.linesep == "\n":
        stream.flush()
        return buffer.write
    write_text = stream.write
    return lambda data: write_text(data.decode("utf-8"))


def write_json_array(items: Iterable[Any], stream: Any, *, floats: bool = True) -> int:
    """Write ``items`` as a JSON array, one element a line, to a text or binary ``stream``;
    returns how many were written. ``floats=False`` says no item holds a float, which lets
    orjson write them (see the module docstring)."""
    encode = json_encoder(floats=floats)
    write = _byte_writer(stream)
    count = 0
    batch: list[bytes] = []
    for item in items:
        batch.append(encode(item))
        count += 1
        if len(batch) == BATCH:
            write((b"[\n  " if count == BATCH else b",\n  ") + b",\n  ".join(batch))
            batch.clear()
    if batch:
        write((b"[\n  " if count == len(batch) else b",\n  ") + b",\n  ".join(batch))
    write(b"\n]\n" if count else b"[]\n")
    return count
