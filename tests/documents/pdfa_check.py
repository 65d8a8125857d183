"""PDF/A-3B checks read back with pypdf (a third-party reader), the requirements of ISO 19005-3 that
matter for what we write (no veraPDF here: these checks are the proof):

- 6.2.11.4: every font program embedded (FontFile, FontFile2 or FontFile3), here subset (the
  ``ABCDEF+`` name prefix, ISO 32000-1 9.6.4), and a ToUnicode map so text can be extracted;
- 6.2.3: an OutputIntent ``GTS_PDFA1`` with an ICC profile of 3 components (RGB) for DeviceRGB;
- 6.6.4: the XMP declares ``pdfaid:part`` 3 and ``pdfaid:conformance`` B;
- 6.6.2.1: the metadata stream is not filtered;
- 6.6.3 / ISO 32000-1 14.3.3: the Info entries equal their XMP counterparts;
- 6.8: an embedded file has a MIME Subtype, its file specification F, UF and AFRelationship, and is
  listed in the catalog's /AF; Factur-X 1.0 (section 'XMP') adds the fx: properties and their
  extension schema.
"""
from __future__ import annotations

import io
import re
from datetime import datetime

from lxml import etree
from pypdf import PdfReader
from pypdf.generic import IndirectObject

NS = {"x": "adobe:ns:meta/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "pdfaid": "http://www.aiim.org/pdfa/ns/id/", "dc": "http://purl.org/dc/elements/1.1/",
      "pdf": "http://ns.adobe.com/pdf/1.3/", "xmp": "http://ns.adobe.com/xap/1.0/",
      "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
      "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
      "fx": "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"}
SUBSET = re.compile(r"^/?[A-Z]{6}\+")


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _fonts(resources, seen: set) -> list:
    """Every font dictionary reachable from a resource dictionary (pages, forms, patterns)."""
    found = []
    resources = _resolve(resources) or {}
    for font in (_resolve(resources.get("/Font")) or {}).values():
        font = _resolve(font)
        if id(font) not in seen:
            seen.add(id(font))
            found.append(font)
    for xobject in (_resolve(resources.get("/XObject")) or {}).values():
        xobject = _resolve(xobject)
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            found += _fonts(xobject["/Resources"], seen)
    return found


def font_problems(reader: PdfReader) -> list[str]:
    problems, seen = [], set()
    fonts = [f for page in reader.pages for f in _fonts(page.get("/Resources"), seen)]
    if not fonts:
        problems.append("no font at all (text drawn as shapes?)")
    for font in fonts:
        name = str(font.get("/BaseFont"))
        descriptor = font.get("/FontDescriptor")
        if font.get("/Subtype") == "/Type0":
            descriptor = _resolve(font["/DescendantFonts"][0]).get("/FontDescriptor")
        descriptor = _resolve(descriptor) or {}
        if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            problems.append(f"font {name} not embedded")
        if not SUBSET.match(name):
            problems.append(f"font {name} not subset")
        if "/ToUnicode" not in font:
            problems.append(f"font {name} has no ToUnicode map")
    return problems


def _xmp(reader: PdfReader) -> tuple[etree._Element | None, list[str]]:
    meta = reader.trailer["/Root"].get("/Metadata")
    if meta is None:
        return None, ["no XMP metadata stream"]
    stream = _resolve(meta)
    problems = ["the XMP metadata stream is filtered"] if "/Filter" in stream else []
    return etree.fromstring(stream.get_data()), problems


def _one(xmp, path: str) -> str | None:
    found = xmp.xpath(path, namespaces=NS)
    return str(found[0]).strip() if found else None


def _xmp_date(text: str | None):
    return datetime.fromisoformat(text) if text else None


def _info_date(text: str | None):
    if not text:
        return None
    match = re.match(r"D:(\d{14})([+-]\d{2})'(\d{2})'", text)
    return datetime.strptime(match.group(1) + match.group(2) + match.group(3), "%Y%m%d%H%M%S%z")


def metadata_problems(reader: PdfReader) -> list[str]:
    xmp, problems = _xmp(reader)
    if xmp is None:
        return problems
    if _one(xmp, "//pdfaid:part/text() | //rdf:Description/@pdfaid:part") != "3":
        problems.append("XMP pdfaid:part is not 3")
    if _one(xmp, "//pdfaid:conformance/text() | //rdf:Description/@pdfaid:conformance") != "B":
        problems.append("XMP pdfaid:conformance is not B")
    info = reader.trailer.get("/Info")
    info = _resolve(info) or {}
    pairs = {"/Title": _one(xmp, "//dc:title/rdf:Alt/rdf:li/text()"),
             "/Author": _one(xmp, "//dc:creator/rdf:Seq/rdf:li/text()"),
             "/Subject": _one(xmp, "//dc:description/rdf:Alt/rdf:li/text()"),
             "/Keywords": _one(xmp, "//pdf:Keywords/text()"),
             "/Creator": _one(xmp, "//xmp:CreatorTool/text()"),
             "/Producer": _one(xmp, "//pdf:Producer/text()")}
    for key, in_xmp in pairs.items():
        if key in info and str(info[key]) != (in_xmp or ""):
            problems.append(f"Info {key} {str(info[key])!r} != XMP {in_xmp!r}")
    for key, path in (("/CreationDate", "//xmp:CreateDate/text()"), ("/ModDate", "//xmp:ModifyDate/text()")):
        if key in info and _info_date(str(info[key])) != _xmp_date(_one(xmp, path)):
            problems.append(f"Info {key} {info[key]} != XMP {_one(xmp, path)}")
    return problems


def output_intent_problems(reader: PdfReader) -> list[str]:
    intents = _resolve(reader.trailer["/Root"].get("/OutputIntents")) or []
    pdfa = [_resolve(i) for i in intents if _resolve(i).get("/S") == "/GTS_PDFA1"]
    if not pdfa:
        return ["no GTS_PDFA1 OutputIntent"]
    profile = _resolve(pdfa[0].get("/DestOutputProfile"))
    if profile is None:
        return ["the OutputIntent has no DestOutputProfile"]
    data = profile.get_data()
    problems = []
    if profile.get("/N") != 3 or data[16:20] != b"RGB " or data[36:40] != b"acsp":
        problems.append("the OutputIntent profile is not an RGB ICC profile")
    if b"sRGB" not in data:
        problems.append("the OutputIntent profile is not sRGB")
    return problems


def attachment_problems(reader: PdfReader, name: str = "factur-x.xml") -> list[str]:
    root = reader.trailer["/Root"]
    af = [_resolve(x) for x in (_resolve(root.get("/AF")) or [])]
    specs = [s for s in af if str(s.get("/F")) == name]
    if not specs:
        return [f"{name} is not an associated file (/AF)"]
    spec, problems = specs[0], []
    if spec.get("/AFRelationship") not in ("/Data", "/Source", "/Alternative"):
        problems.append(f"AFRelationship {spec.get('/AFRelationship')} is not Data/Source/Alternative")
    if str(spec.get("/UF")) != name:
        problems.append("the file specification has no UF")
    stream = _resolve(_resolve(spec["/EF"])["/F"])
    if stream.get("/Subtype") != "/text/xml" or stream.get("/Type") != "/EmbeddedFile":
        problems.append("the embedded file has no text/xml Subtype")
    names = _resolve(_resolve(root["/Names"])["/EmbeddedFiles"])["/Names"]
    if name not in [str(n) for n in names[::2]]:
        problems.append(f"{name} is not in /Names /EmbeddedFiles")
    xmp, _ = _xmp(reader)
    if xmp is None:
        return problems + ["no XMP"]
    expected = {"DocumentType": "INVOICE", "DocumentFileName": name, "Version": "1.0",
                "ConformanceLevel": "EN 16931"}
    for prop, value in expected.items():
        if _one(xmp, f"//fx:{prop}/text()") != value:
            problems.append(f"XMP fx:{prop} is not {value!r}")
    if _one(xmp, "//pdfaSchema:namespaceURI/text()") != NS["fx"]:
        problems.append("no PDF/A extension schema for the fx: namespace")
    return problems


def pdfa_problems(pdf: bytes, attachment: str | None = None) -> list[str]:
    """Everything that keeps ``pdf`` from being PDF/A-3B (and Factur-X when ``attachment``)."""
    reader = PdfReader(io.BytesIO(pdf))
    problems = font_problems(reader) + metadata_problems(reader) + output_intent_problems(reader)
    if reader.trailer.get("/ID") is None:
        problems.append("no file identifier (/ID) in the trailer")
    if attachment:
        problems += attachment_problems(reader, attachment)
    return problems
