"""Parse imsmanifest.xml (SCORM 1.2 and 2004 2nd/3rd/4th edition) into plain data, with defusedxml.

Namespaces differ between versions and authoring tools, so elements are matched by local name. Only what the
player needs is read: organisations and their item tree, resources (with xml:base), launch hrefs and
parameters, mastery scores, and whether IMS Simple Sequencing rules are present (imported, not enforced).
"""

import posixpath
from dataclasses import dataclass, field
from urllib.parse import unquote

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils.translation import gettext as _

XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


class ManifestError(ValueError):
    """The manifest cannot be used; the message says why, for the person who uploaded it."""


@dataclass
class Item:
    identifier: str
    title: str
    resource: str = ""
    parameters: str = ""
    mastery_score: str = ""
    launch_data: str = ""
    max_time_allowed: str = ""
    time_limit_action: str = ""
    completion_threshold: str = ""
    has_sequencing: bool = False
    children: list = field(default_factory=list)


@dataclass
class Resource:
    identifier: str
    href: str
    scorm_type: str


@dataclass
class Manifest:
    identifier: str
    version: str
    schema_version: str
    title: str
    organisations: list
    default_organisation: str
    resources: dict
    has_sequencing: bool


def local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element, name):
    return [child for child in element if local(child.tag) == name]


def child(element, name):
    found = children(element, name)
    return found[0] if found else None


def text_of(element, name):
    found = child(element, name) if element is not None else None
    return (found.text or "").strip() if found is not None and found.text else ""


def attribute(element, name):
    """An attribute by local name, whatever its namespace (adlcp:scormtype, adlcp:scormType...)."""
    for key, value in element.attrib.items():
        if local(key).lower() == name.lower():
            return value.strip()
    return ""


def title_of(element, default):
    title = child(element, "title")
    if title is None:
        return default
    # Some tools wrap the title in <langstring>; take the text wherever it is.
    text = "".join(title.itertext()).strip()
    return " ".join(text.split()) or default


def detect_version(root):
    """Return ("1.2" or "2004", schema version text), or refuse SCORM 1.1 and unknown packages."""
    metadata = child(root, "metadata")
    schema_version = text_of(metadata, "schemaversion") if metadata is not None else ""
    namespaces = " ".join([root.tag, *root.attrib.values(), *(el.tag for el in root.iter())]).lower()
    lowered = schema_version.lower()
    if lowered in ("1.1",) or "adlcp_rootv1p1" in namespaces:
        raise ManifestError(_("SCORM 1.1 packages are not supported: export the course as SCORM 1.2 or 2004."))
    if lowered.startswith("1.2"):
        return "1.2", schema_version
    if "2004" in lowered or lowered.startswith("cam 1.3") or lowered.startswith("1.3"):
        return "2004", schema_version
    if "adlcp_v1p3" in namespaces or "imsss" in namespaces or "adlseq" in namespaces:
        return "2004", schema_version or "2004"
    if "adlcp_rootv1p2" in namespaces or "imscp_rootv1p1p2" in namespaces:
        return "1.2", schema_version or "1.2"
    raise ManifestError(_("The manifest does not say which SCORM version it follows (1.2 or 2004)."))


def join_base(*parts):
    """Join xml:base values and an href the way URLs resolve (a base without a trailing slash is a folder)."""
    path = ""
    for part in parts:
        if not part:
            continue
        if part.startswith("/") or "://" in part:
            raise ManifestError(_("The manifest points outside the package: %(path)s") % {"path": part})
        path = posixpath.join(path, part) if path else part
    return path


def parse_item(element, version, resources_used):
    identifier = element.get("identifier", "").strip()
    item = Item(
        identifier=identifier,
        title=title_of(element, identifier),
        resource=element.get("identifierref", "").strip(),
        parameters=element.get("parameters", "").strip(),
    )
    if version == "1.2":
        item.mastery_score = text_of(element, "masteryscore")
        item.launch_data = text_of(element, "datafromlms")
        item.max_time_allowed = text_of(element, "maxtimeallowed")
        item.time_limit_action = text_of(element, "timelimitaction")
    else:
        item.launch_data = text_of(element, "dataFromLMS")
        item.time_limit_action = text_of(element, "timeLimitAction")
        threshold = child(element, "completionThreshold")
        if threshold is not None:
            item.completion_threshold = (threshold.get("minProgressMeasure") or threshold.text or "").strip()
        sequencing = child(element, "sequencing")
        if sequencing is not None:
            item.has_sequencing = True
            limits = child(sequencing, "limitConditions")
            if limits is not None:
                item.max_time_allowed = limits.get("attemptAbsoluteDurationLimit", "")
            objectives = child(sequencing, "objectives")
            primary = child(objectives, "primaryObjective") if objectives is not None else None
            if primary is not None and primary.get("satisfiedByMeasure", "false").strip().lower() == "true":
                item.mastery_score = text_of(primary, "minNormalizedMeasure") or "1.0"
    for sub in children(element, "item"):
        item.children.append(parse_item(sub, version, resources_used))
    return item


def parse_manifest(data):
    """Parse the bytes of imsmanifest.xml; raise ManifestError with a readable reason."""
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ManifestError(
            _("The manifest declares XML entities or external references, which are refused for safety.")
        ) from None
    except (ParseError, ValueError) as error:
        raise ManifestError(_("imsmanifest.xml is not well-formed XML: %(error)s") % {"error": error}) from None
    if local(root.tag) != "manifest":
        raise ManifestError(_("imsmanifest.xml has no <manifest> root element."))
    version, schema_version = detect_version(root)

    manifest_base = root.get(XML_BASE, "")
    resources = {}
    resources_element = child(root, "resources")
    if resources_element is not None:
        resources_base = resources_element.get(XML_BASE, "")
        for element in children(resources_element, "resource"):
            identifier = element.get("identifier", "").strip()
            href = unquote(element.get("href", "").strip())
            if href:
                href = join_base(manifest_base, resources_base, element.get(XML_BASE, ""), href)
            resources[identifier] = Resource(
                identifier=identifier, href=href, scorm_type=attribute(element, "scormtype").lower() or "asset"
            )

    organisations = []
    default = ""
    organisations_element = child(root, "organizations")
    if organisations_element is not None:
        default = organisations_element.get("default", "").strip()
        for element in children(organisations_element, "organization"):
            identifier = element.get("identifier", "").strip()
            items = [parse_item(sub, version, set()) for sub in children(element, "item")]
            organisations.append(
                {
                    "identifier": identifier,
                    "title": title_of(element, identifier),
                    "items": items,
                    "has_sequencing": child(element, "sequencing") is not None,
                }
            )
    has_sequencing = any(local(el.tag) in ("sequencing", "sequencingCollection") for el in root.iter())
    metadata_title = ""
    if organisations:
        chosen = next((org for org in organisations if org["identifier"] == default), organisations[0])
        metadata_title = chosen["title"]
    return Manifest(
        identifier=root.get("identifier", "").strip(),
        version=version,
        schema_version=schema_version,
        title=metadata_title,
        organisations=organisations,
        default_organisation=default,
        resources=resources,
        has_sequencing=has_sequencing,
    )


def join_parameters(href, parameters):
    """Append an item's parameters to its href as the SCORM CAM says (a leading ? or & is normalised)."""
    if not parameters:
        return href
    if parameters.startswith("#"):
        return href + parameters
    parameters = parameters.lstrip("?&")
    return f"{href}{'&' if '?' in href else '?'}{parameters}"


def launchable_items(manifest):
    """The default organisation's launchable leaves in order, each with its resource; a synthetic list of SCO
    resources when the package has no organisation (a resource package)."""
    organisations = manifest.organisations
    chosen = next((org for org in organisations if org["identifier"] == manifest.default_organisation), None)
    if chosen is None and organisations:
        chosen = organisations[0]
    found = []
    if chosen is not None and chosen["items"]:

        def walk(items):
            for item in items:
                if item.resource:
                    resource = manifest.resources.get(item.resource)
                    if resource is None:
                        raise ManifestError(
                            _("Item %(item)s refers to a resource that does not exist: %(ref)s")
                            % {"item": item.identifier, "ref": item.resource}
                        )
                    if resource.href:
                        found.append((item, resource))
                walk(item.children)

        walk(chosen["items"])
        return chosen, found
    for resource in manifest.resources.values():
        if resource.scorm_type == "sco" and resource.href:
            found.append(
                (
                    Item(identifier=resource.identifier, title=resource.identifier, resource=resource.identifier),
                    resource,
                )
            )
    return None, found
