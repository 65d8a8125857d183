"""PDF/A-3B for every PDF the product writes (invoices, credit notes, Factur-X, payslips).

What makes a reportlab canvas a PDF/A-3B file (ISO 19005-3, level B):
- fonts embedded and subset, each with a ToUnicode map: the DejaVu Sans Condensed fonts shipped in
  ``core/resources/fonts`` (reportlab subsets TrueType fonts and writes the map); never the
  standard 14 fonts, which are not embedded;
- an sRGB OutputIntent (``core/resources/icc/sRGB.icc``), since pages paint in DeviceRGB;
- XMP metadata (uncompressed) with the PDF/A identification, saying exactly what the document
  information dictionary says (title, author, subject, keywords, creator, producer, dates);
- associated files (Factur-X's ``factur-x.xml``) as embedded files with ``AFRelationship``, listed in
  the catalog's ``/AF``, with the Factur-X extension schema and ``fx:`` properties in the XMP.
"""
from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT, FONT_BOLD = "PartageSans", "PartageSans-Bold"
PRODUCER = "Partage (reportlab)"
_FONT_FILES = {FONT: "DejaVuSansCondensed.ttf", FONT_BOLD: "DejaVuSansCondensed-Bold.ttf"}
_ICC_CONDITION = "sRGB IEC61966-2.1"


def _resource(*parts: str) -> bytes:
    return resources.files("partage.core").joinpath("resources", *parts).read_bytes()


# Characters given their codes first in every document, so that the embedded subset of a font is
# the same from one payslip to the next and its program is built once (``_cached_subsets``): the
# letters of French, Dutch and German, the euro sign, the narrow no-break space of French numbers.
PRESEED = "àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆßáíóúñ€\u202f×–—’«»°²·…"


def _cached_subsets(face) -> None:
    """Build and compress each distinct subset font program once per process (the same bytes in
    every PDF that uses the same subset)."""
    build, add, cache, packed = face.makeSubset, face.addSubsetObjects, {}, {}

    def make_subset(subset):
        key = tuple(subset)
        if key not in cache:
            if len(cache) > 256:
                cache.clear()
                packed.clear()
            cache[key] = build(subset)
        return cache[key]

    def add_subset_objects(doc, fontname, subset):
        reference = add(doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{face.filename}({fontname})")
        if stream is not None and doc.compression and "Filter" not in stream.dictionary.dict:
            content = stream.content
            if content not in packed:
                packed[content] = zlib.compress(content)
            stream.content = packed[content]
            stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
        return reference

    face.makeSubset = make_subset
    face.addSubsetObjects = add_subset_objects


class _Font(TTFont):
    """reportlab's TrueType font with a fast path for text whose characters all have a code in the
    first subset already (nearly every string of a payslip once PRESEED is in): one translate."""

    def splitString(self, text, doc, encoding="utf-8"):
        state = self.state.get(doc) if isinstance(text, str) else None
        if state is not None:
            assignments = state.assignments
            cached = getattr(state, "_fast", None)
            if cached is None or cached[0] != len(assignments):
                table = {code: n for code, n in assignments.items() if n < 256}
                table[0xA0] = table.get(32, 32)
                cached = state._fast = (len(assignments), table, frozenset(map(chr, table)))
            if cached[2].issuperset(text):
                return [(0, text.translate(cached[1]).encode("latin-1"))]
        return super().splitString(text, doc, encoding)


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, str]:
    """Register the shipped fonts with reportlab once per process; returns (regular, bold)."""
    import io

    for name, filename in _FONT_FILES.items():
        font = _Font(name, io.BytesIO(_resource("fonts", filename)))
        _cached_subsets(font.face)
        pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    # reportlab graphics (QR codes, SVG logos) start from Helvetica, which is never embedded
    from reportlab.graphics.shapes import STATE_DEFAULTS

    STATE_DEFAULTS["fontName"] = FONT
    return FONT, FONT_BOLD


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    return _resource("icc", "sRGB.icc")


@lru_cache(maxsize=1)
def _srgb_packed() -> bytes:
    return zlib.compress(srgb_profile())


@dataclass(frozen=True, slots=True)
class Attachment:
    """An associated file (PDF/A-3): embedded, listed in the catalog's /AF."""

    name: str
    data: bytes
    mime: str = "text/xml"
    relationship: str = "Data"  # Data, Source, Alternative, Supplement, Unspecified
    description: str = ""


@dataclass(frozen=True, slots=True)
class FacturX:
    """The Factur-X XMP properties (Factur-X 1.0, section 'XMP')."""

    conformance: str = "EN 16931"
    document_type: str = "INVOICE"
    file_name: str = "factur-x.xml"
    version: str = "1.0"


@dataclass(frozen=True, slots=True)
class Metadata:
    """The document information, written twice (Info dictionary and XMP) with the same values."""

    title: str
    author: str
    subject: str = ""
    keywords: str = ""
    creator: str = "Partage"
    lang: str = "en"
    created: datetime = field(default_factory=lambda: datetime.now(timezone.utc).replace(microsecond=0))
    facturx: FacturX | None = None

    @property
    def pdf_date(self) -> str:
        return self.created.astimezone(timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'")

    @property
    def xmp_date(self) -> str:
        return self.created.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")


class _Info(pdfdoc.PDFInfo):
    """The Info dictionary with fixed values (reportlab's own would add 'anonymous' and local time)."""

    def __init__(self, meta: Metadata) -> None:
        super().__init__()
        self.meta = meta

    def digest(self, md5object) -> None:
        for value in (self.meta.title, self.meta.author, self.meta.subject, self.meta.pdf_date):
            md5object.update(value.encode("utf-8"))

    def format(self, document) -> bytes:
        m = self.meta
        entries = {"Title": pdfdoc.PDFString(m.title), "Author": pdfdoc.PDFString(m.author),
                   "Subject": pdfdoc.PDFString(m.subject), "Keywords": pdfdoc.PDFString(m.keywords),
                   "Creator": pdfdoc.PDFString(m.creator), "Producer": pdfdoc.PDFString(PRODUCER),
                   "CreationDate": pdfdoc.PDFString(m.pdf_date), "ModDate": pdfdoc.PDFString(m.pdf_date),
                   "Trapped": pdfdoc.PDFName("False")}
        return pdfdoc.PDFDictionary(entries).format(document)


_FX_NS = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"
_FX_PROPERTIES = (("DocumentFileName", "The name of the embedded XML document"),
                  ("DocumentType", "The type of the hybrid document in capital letters, e.g. INVOICE or ORDER"),
                  ("Version", "The actual version of the standard applying to the embedded XML document"),
                  ("ConformanceLevel", "The conformance level of the embedded XML document"))


def _fx_xmp(fx: FacturX) -> str:
    properties = "".join(
        f"<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>{name}</pdfaProperty:name>"
        f"<pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external"
        f"</pdfaProperty:category><pdfaProperty:description>{escape(text)}</pdfaProperty:description></rdf:li>"
        for name, text in _FX_PROPERTIES)
    return (
        '<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" '
        'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" '
        'xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"><pdfaExtension:schemas><rdf:Bag>'
        '<rdf:li rdf:parseType="Resource"><pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>'
        f'<pdfaSchema:namespaceURI>{_FX_NS}</pdfaSchema:namespaceURI><pdfaSchema:prefix>fx</pdfaSchema:prefix>'
        f'<pdfaSchema:property><rdf:Seq>{properties}</rdf:Seq></pdfaSchema:property></rdf:li>'
        '</rdf:Bag></pdfaExtension:schemas></rdf:Description>'
        f'<rdf:Description rdf:about="" xmlns:fx="{_FX_NS}">'
        f"<fx:DocumentType>{escape(fx.document_type)}</fx:DocumentType>"
        f"<fx:DocumentFileName>{escape(fx.file_name)}</fx:DocumentFileName>"
        f"<fx:Version>{escape(fx.version)}</fx:Version>"
        f"<fx:ConformanceLevel>{escape(fx.conformance)}</fx:ConformanceLevel></rdf:Description>")


def xmp(meta: Metadata) -> bytes:
    """The XMP packet: PDF/A-3B identification and the same values as the Info dictionary."""
    lang = escape(meta.lang)
    body = (
        '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'
        "<pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.title)}</rdf:li></rdf:Alt></dc:title>'
        f"<dc:creator><rdf:Seq><rdf:li>{escape(meta.author)}</rdf:li></rdf:Seq></dc:creator>"
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.subject)}</rdf:li></rdf:Alt>'
        f"</dc:description><dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>"
        "<dc:format>application/pdf</dc:format></rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f"<pdf:Producer>{escape(PRODUCER)}</pdf:Producer><pdf:Keywords>{escape(meta.keywords)}</pdf:Keywords>"
        "<pdf:Trapped>False</pdf:Trapped></rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f"<xmp:CreatorTool>{escape(meta.creator)}</xmp:CreatorTool>"
        f"<xmp:CreateDate>{meta.xmp_date}</xmp:CreateDate><xmp:ModifyDate>{meta.xmp_date}</xmp:ModifyDate>"
        f"<xmp:MetadataDate>{meta.xmp_date}</xmp:MetadataDate></rdf:Description>"
        + (_fx_xmp(meta.facturx) if meta.facturx else ""))
    packet = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
              '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
              f'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">{body}</rdf:RDF></x:xmpmeta>'
              '<?xpacket end="w"?>')
    return packet.encode("utf-8")


def _output_intent(doc) -> pdfdoc.PDFDictionary:
    profile = pdfdoc.PDFStream(pdfdoc.PDFDictionary({
        "N": 3, "Filter": pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])}), _srgb_packed())
    return pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("OutputIntent"), "S": pdfdoc.PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": pdfdoc.PDFString(_ICC_CONDITION),
        "Info": pdfdoc.PDFString(_ICC_CONDITION), "RegistryName": pdfdoc.PDFString("http://www.color.org"),
        "DestOutputProfile": doc.Reference(profile)})


class _PlainStream(pdfdoc.PDFStream):
    """A stream written as is: PDF/A forbids any Filter key on the metadata stream."""

    def format(self, document) -> bytes:
        dictionary = pdfdoc.PDFDictionary(self.dictionary.dict.copy())
        dictionary["Length"] = len(self.content)
        return pdfdoc.format(dictionary, document) + b"\nstream\n" + self.content + b"endstream\n"


def _metadata_stream(meta: Metadata) -> pdfdoc.PDFStream:
    return _PlainStream(pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("Metadata"),
                                             "Subtype": pdfdoc.PDFName("XML")}), xmp(meta) + b"\n")


def canvas(out: BinaryIO, meta: Metadata, **options) -> Canvas:
    """A reportlab canvas writing PDF/A-3B: fonts registered, Info, XMP and OutputIntent set."""
    register_fonts()
    c = Canvas(out, initialFontName=FONT, **options)
    prepare(c, meta)
    return c


def preseed(c: Canvas) -> None:
    """Give the common accented letters their codes first (see PRESEED): same subsets, built once."""
    for name in (FONT, FONT_BOLD):
        pdfmetrics.getFont(name).splitString(PRESEED, c._doc)


def prepare(c: Canvas, meta: Metadata) -> None:
    """Make a fresh canvas (created with ``initialFontName=FONT``) write PDF/A-3B."""
    doc = c._doc
    doc.info = _Info(meta)
    doc.Catalog.__NoDefault__ = [*pdfdoc.PDFCatalog.__NoDefault__, "OutputIntents", "AF"]
    c.setCatalogEntry("OutputIntents", pdfdoc.PDFArray([_output_intent(doc)]))
    c.setCatalogEntry("Metadata", _metadata_stream(meta))
    c.setCatalogEntry("Lang", pdfdoc.PDFString(meta.lang))
    preseed(c)


def attach(c: Canvas, files: list[Attachment], meta: Metadata) -> None:
    """Embed ``files`` as PDF/A-3 associated files (catalog /AF and /Names /EmbeddedFiles)."""
    doc = c._doc
    specs, names = [], []
    for item in sorted(files, key=lambda f: f.name):
        params = pdfdoc.PDFDictionary({"Size": len(item.data), "ModDate": pdfdoc.PDFString(meta.pdf_date),
                                       "CheckSum": pdfdoc.PDFString(hashlib.md5(item.data).digest())})
        stream = pdfdoc.PDFStream(pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("EmbeddedFile"), "Subtype": "/" + item.mime.replace("/", "#2F"),
            "Params": params}), item.data)
        ref = doc.Reference(stream)
        spec = doc.Reference(pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Filespec"), "F": pdfdoc.PDFString(item.name),
            "UF": pdfdoc.PDFString(item.name), "Desc": pdfdoc.PDFString(item.description or item.name),
            "AFRelationship": pdfdoc.PDFName(item.relationship),
            "EF": pdfdoc.PDFDictionary({"F": ref, "UF": ref})}))
        specs.append(spec)
        names += [pdfdoc.PDFString(item.name), spec]
    c.setCatalogEntry("AF", pdfdoc.PDFArray(specs))
    c.setCatalogEntry("Names", pdfdoc.PDFDictionary({
        "EmbeddedFiles": pdfdoc.PDFDictionary({"Names": pdfdoc.PDFArray(names)})}))


_POINT = str.maketrans({",": ".", ".": ","})
_GROUPING = {"en": str.maketrans({}), "fr": str.maketrans({",": "\u202f", ".": ","}), "nl": _POINT, "de": _POINT}


def number(value, language: str, places: int = 2, country: str = "BE") -> str:
    """``value`` with ``places`` decimals as the language writes it: en 1,234.56; nl and de 1.234,56;
    fr 1 234,56 in France (CLDR fr-FR, narrow no-break space) and 1.234,56 in Belgium (as Belgian
    banks and the FPS Finance print amounts in French)."""
    text = f"{value:,.{places}f}"
    if language == "fr" and country.upper() != "FR":
        return text.translate(_POINT)
    return text.translate(_GROUPING.get(language, _GROUPING["en"]))
