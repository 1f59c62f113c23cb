"""StreamField blocks of the SCORM app, for sites that place packages in their pages."""

from .chooser import package_chooser_viewset

PackageChooserBlock = package_chooser_viewset.get_block_class(name="PackageChooserBlock", module_path="scorm.blocks")
