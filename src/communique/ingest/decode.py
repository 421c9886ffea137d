"""Raw bytes → text: gzip, byte-order marks, encodings, binary detection, mojibake repair.

Uses charset-normalizer (a maintained library) when the bytes are neither UTF-8 nor marked by
a byte-order mark, and ftfy (a maintained library) to repair text that was decoded with the
wrong charset before it reached us ("Russiaâ€™s", "Russia‚Äôs").
"""

from __future__ import annotations

import codecs
import re
import zlib

import ftfy
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


# A file is UTF-8 with a few damaged bytes (decoded with U+FFFD replacement characters) when
# it holds at least one well-formed multi-byte UTF-8 character and at most this many invalid
# bytes, or no more invalid bytes than well-formed multi-byte characters. A Latin-1 or
# Windows-1252 file has (almost) no well-formed UTF-8 sequences and one invalid byte per accented
# letter, so it still goes to charset-normalizer.
FEW_BAD_UTF8_BYTES = 3
_NON_ASCII = re.compile("[^\x00-\x7f\ufffd]")
# Stray NUL bytes (at most this share of the bytes, or at most 8) are removed; more make the
# input binary. Random binary data has 1 NUL in 256 bytes (0.4 %).
MAX_NUL_SHARE = 0.001


def _utf8_with_few_errors(data: bytes) -> str | None:
    """``data`` decoded as UTF-8: strictly, or with replacement characters when it is UTF-8
    with a few damaged bytes (see :data:`FEW_BAD_UTF8_BYTES`); else None."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    valid = len(_NON_ASCII.findall(text))
    if valid >= 1 and bad <= max(FEW_BAD_UTF8_BYTES, valid):
        return text
    return None

# ftfy with its encoding repairs only: quotes, ligatures, widths, HTML entities and
# normalisation are left as written (offsets and quotes stay the article's own).
_FTFY = ftfy.TextFixerConfig(unescape_html=False, uncurl_quotes=False, fix_latin_ligatures=False,
                             fix_character_width=False, fix_line_breaks=False, normalization=None,
                             explain=False)


def repair_text(text: str) -> str:
    """Repair mojibake (UTF-8 read as Windows-1252, Latin-1 or Mac-Roman: "â€™", "‚Äô" → "’")
    with ftfy and remove NUL characters; ASCII text is returned unchanged at once.

    Args:
        text: decoded text.

    Returns:
        The repaired text (never longer than ``text``).
    """
    if "\x00" in text:
        text = text.replace("\x00", "")
    if text.isascii():
        return text
    return ftfy.fix_text(text, _FTFY)


def decode_line(raw: bytes) -> str:
    """Decode one line of a JSON Lines file: UTF-8, UTF-8 with a few damaged bytes replaced,
    else Windows-1252 / Latin-1. Never raises."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _utf8_with_few_errors(raw)
    if text is not None:
        return text
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def decode_bytes(data: bytes) -> str:
    """Decode article bytes to text.

    Order: byte-order mark; UTF-16 without BOM (NUL pattern); strict UTF-8; UTF-8 with a few
    damaged bytes (replaced by U+FFFD, see :data:`FEW_BAD_UTF8_BYTES`); then the best guess of
    charset-normalizer (Latin-1, Windows-1252, …). Stray NUL bytes (see :data:`MAX_NUL_SHARE`)
    are removed. Mojibake is repaired later, by :func:`repair_text`.

    Returns:
        The text, with a leading BOM removed and line ends normalised to ``\\n``.

    Raises:
        InputError: the bytes are empty, binary (many NUL bytes or control characters), or no
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
        nuls = data.count(0)
        if nuls:
            if nuls > max(8, MAX_NUL_SHARE * len(data)):
                raise InputError("binary file (NUL bytes)")
            data = data.replace(b"\x00", b"")
        text = _utf8_with_few_errors(data)
        if text is None:
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
