"""Raw bytes → text: gzip, byte-order marks, encodings, binary detection.

Uses charset-normalizer (a maintained library) when the bytes are neither UTF-8 nor marked by
a byte-order mark.
"""

from __future__ import annotations

import codecs
import re
import zlib

from charset_normalizer import from_bytes


_INVISIBLE = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2060\ufeff]")


class InputError(ValueError):
    """An input that cannot be read as an article; the message names what is wrong."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def gunzip(data: bytes, limit: int | None = None) -> bytes:
    """Decompress gzip ``data`` (at most ``limit`` bytes out).

    Raises:
        InputError: the gzip stream is corrupt or truncated, or expands beyond ``limit``.
    """
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(data, limit + 1) if limit else d.decompress(data)
        if limit and len(out) > limit:
            raise InputError(f"gzip data expands to more than the {limit}-byte limit")
        if not d.eof:
            raise InputError("corrupt or truncated gzip data (stream ends early)")
        return out
    except zlib.error as exc:
        raise InputError(f"corrupt or truncated gzip data ({exc})") from None


def _looks_utf16(data: bytes) -> str | None:
    """Guess UTF-16 without BOM from the pattern of NUL bytes in ASCII-heavy text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> str:
    """Decode article bytes to text.

    Order: byte-order mark; UTF-16 without BOM (NUL pattern); strict UTF-8; then the best
    guess of charset-normalizer (Latin-1, Windows-1252, …).

    Returns:
        The text, with a leading BOM removed and line ends normalised to ``\\n``.

    Raises:
        InputError: the bytes are empty, binary (NUL bytes or control characters), or no
            encoding decodes them.
    """
    if not data.strip():
        raise InputError("empty input")
    text: str | None = None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(enc)
            except UnicodeDecodeError:
                raise InputError(f"invalid {enc} after byte-order mark") from None
            break
    if text is None:
        enc16 = _looks_utf16(data)
        if enc16:
            try:
                text = data.decode(enc16)
            except UnicodeDecodeError:
                text = None
    if text is None:
        if b"\x00" in data[:8192]:
            raise InputError("binary file (NUL bytes)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            best = from_bytes(data).best()
            if best is None:
                raise InputError("undecodable bytes: not UTF-8 and no encoding fits") from None
            text = str(best)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\t\f\v")
    if "\x00" in sample or controls > 0.05 * max(len(sample), 1):
        raise InputError("binary file (control characters)")
    return text
