"""EPUB 2 and 3: one section per chapter of the navigation, chapter titles as headlines.

An EPUB is a zip of XHTML: the package is opened with the size and path checks of
`safezip`, its XML (container, package document, NCX) is parsed with entities and network
off, and each chapter goes through the web-page path. Missing or broken manifest entries
are skipped; a package with no readable chapter is one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from store.errors import ImportFailure
from store.ingest.dates import iso_date
from store.ingest.htmldecode import decode_markup
from store.ingest.htmlpage import fragment_pieces
from store.ingest.loaded import Loaded
from store.ingest.safezip import SafeZip, join
from store.ingest.structured import Article, Piece, briefing_text, build, tidy

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, recover=True, huge_tree=False
)
_XHTML = ("application/xhtml+xml", "text/html", "application/xml", "text/x-oeb1-document")
# A marker put before each fragment a table of contents points at, to split a file there.
_CUT = "@@cut{}@@"


@dataclass(slots=True)
class _Package:
    title: str | None = None
    date: str | None = None
    source: str | None = None
    spine: list[str] = field(default_factory=list)
    toc: list[tuple[str, str]] = field(default_factory=list)  # (title, member#fragment)


def load(data: bytes, name: str) -> list[Loaded]:
    """One briefing from an EPUB file."""
    package = SafeZip(data, name)
    opf_path = _opf_path(package)
    if opf_path is None:
        raise ImportFailure(f"{name}: not a readable EPUB (no package document)")
    pkg = _read_package(package, opf_path)
    articles = _chapters(package, pkg)
    if not articles:
        raise ImportFailure(f"{name}: the EPUB has no readable chapter")
    parsed = build(articles, title=pkg.title, date=pkg.date, name=name)
    meta = {"title": pkg.title, "date": pkg.date, "source": pkg.source}
    meta = {k: v for k, v in meta.items() if v}
    return [Loaded(briefing_text(parsed), "epub", parsed, meta)]


def _xml(package: SafeZip, member: str) -> etree._Element | None:
    data = package.xml(member)
    if not data:
        return None
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        return None
    return root


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _find_all(root: etree._Element, name: str) -> list[etree._Element]:
    return [el for el in root.iter() if _local(el) == name]


def _opf_path(package: SafeZip) -> str | None:
    container = _xml(package, "META-INF/container.xml")
    if container is not None:
        for rootfile in _find_all(container, "rootfile"):
            path = rootfile.get("full-path")
            if path and path in package.members:
                return path
    # A package without a usable container: any package document will do.
    return next((m for m in package.members if m.lower().endswith(".opf")), None)


def _read_package(package: SafeZip, opf_path: str) -> _Package:
    opf = _xml(package, opf_path)
    pkg = _Package()
    if opf is None:
        return pkg
    for el in opf.iter():
        text = tidy("".join(el.itertext())) if _local(el) in ("title", "date", "creator") else ""
        if _local(el) == "title" and text and pkg.title is None:
            pkg.title = text
        elif _local(el) == "date" and pkg.date is None:
            pkg.date = iso_date(text)
        elif _local(el) in ("publisher", "creator") and pkg.source is None:
            pkg.source = tidy("".join(el.itertext())) or None
    manifest: dict[str, tuple[str, str, str]] = {}
    for item in _find_all(opf, "item"):
        href, item_id = item.get("href"), item.get("id")
        if href and item_id:
            path = join(opf_path, href)
            manifest[item_id] = (path, item.get("media-type", ""), item.get("properties", ""))
    spine_el = next(iter(_find_all(opf, "spine")), None)
    for ref in _find_all(opf, "itemref"):
        entry = manifest.get(ref.get("idref", ""))
        if entry and entry[0] in package.members and (entry[1] in _XHTML or not entry[1]):
            pkg.spine.append(entry[0])
    nav = next((m for m in manifest.values() if "nav" in m[2].split()), None)
    if nav is not None:
        pkg.toc = _nav_toc(package, nav[0])
    if not pkg.toc and spine_el is not None:
        ncx = manifest.get(spine_el.get("toc", ""))
        ncx_path = (
            ncx[0]
            if ncx
            else next((m[0] for m in manifest.values() if m[1] == "application/x-dtbncx+xml"), None)
        )
        if ncx_path:
            pkg.toc = _ncx_toc(package, ncx_path)
    return pkg


def _nav_toc(package: SafeZip, path: str) -> list[tuple[str, str]]:
    """Entries of an EPUB 3 navigation document's table of contents."""
    root = _xml(package, path)
    if root is None:
        return []
    navs = _find_all(root, "nav")
    toc = next(
        (n for n in navs if "toc" in (n.get("{http://www.idpf.org/2007/ops}type") or "")), None
    )
    toc = toc if toc is not None else (navs[0] if navs else None)
    if toc is None:
        return []
    out = []
    for a in _find_all(toc, "a"):
        href, title = a.get("href"), tidy("".join(a.itertext()))
        if href and title:
            out.append((title, join(path, href) + _fragment(href)))
    return out


def _ncx_toc(package: SafeZip, path: str) -> list[tuple[str, str]]:
    """Entries of an EPUB 2 NCX navigation map, in reading order."""
    root = _xml(package, path)
    if root is None:
        return []
    out = []
    for point in _find_all(root, "navPoint"):
        label = next(iter(_find_all(point, "text")), None)
        content = next(iter(_find_all(point, "content")), None)
        if label is None or content is None or not content.get("src"):
            continue
        title = tidy("".join(label.itertext()))
        src = content.get("src", "")
        if title:
            out.append((title, join(path, src) + _fragment(src)))
    return out


def _fragment(href: str) -> str:
    return "#" + href.split("#", 1)[1] if "#" in href else ""


def _chapters(package: SafeZip, pkg: _Package) -> list[Article]:
    """A chapter per table-of-contents entry; spine files it does not name join the one before."""
    entries: dict[str, list[tuple[str, str]]] = {}
    for title, target in pkg.toc:
        member, _, frag = target.partition("#")
        if member in package.members:
            entries.setdefault(member, []).append((title, frag))
    order = list(dict.fromkeys([*pkg.spine, *entries]))
    articles: list[Article] = []
    for member in order:
        chapter_entries = entries.get(member, [])
        parts = _read_chapter(package, member, [f for _, f in chapter_entries if f])
        if parts is None:
            continue
        lead, pieces_by_frag = parts
        if not entries:
            # No usable navigation: each file is a chapter, headed by its first heading.
            head = lead[0].text if lead and lead[0].kind == "heading" else None
            articles.append(Article(headline=head, pieces=lead[1:] if head else lead))
            continue
        if not chapter_entries:
            if articles:
                articles[-1].pieces.extend(lead)
            elif lead:
                articles.append(Article(pieces=lead))
            continue
        for n, (title, frag) in enumerate(chapter_entries):
            body = pieces_by_frag.get(frag, []) if frag else []
            if n == 0:
                body = lead + body
            articles.append(Article(headline=title, pieces=body))
    return articles


def _read_chapter(
    package: SafeZip, member: str, fragments: list[str]
) -> tuple[list[Piece], dict[str, list[Piece]]] | None:
    """The pieces of a chapter file, cut where the table of contents points inside it."""
    data = package.xml(member)
    if data is None:
        return None
    text = decode_markup(data, member)
    marks = {}
    for n, frag in enumerate(fragments):
        marks[_CUT.format(n)] = frag
        text = _mark(text, frag, _CUT.format(n))
    pieces = fragment_pieces(text)
    lead: list[Piece] = []
    by_frag: dict[str, list[Piece]] = {}
    current = lead
    for piece in pieces:
        frag = next((f for mark, f in marks.items() if piece.text.startswith(mark)), None)
        if frag is not None:
            current = by_frag.setdefault(frag, [])
            rest = piece.text.split("@@", 2)[-1].strip()
            if rest:
                current.append(Piece(piece.kind, rest))
            continue
        current.append(piece)
    return lead, by_frag


def _mark(text: str, frag: str, mark: str) -> str:
    """Put a cut mark in a block of its own before the element with id frag."""
    for quote in ('"', "'"):
        needle = f"id={quote}{frag}{quote}"
        at = text.find(needle)
        if at > 0:
            start = text.rfind("<", 0, at)
            if start >= 0:
                return f"{text[:start]}<p>{mark}</p>{text[start:]}"
    return text
