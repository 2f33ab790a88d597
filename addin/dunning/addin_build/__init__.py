"""Building and installing the ribbon add-in `dunning.xlam`: not imported by the running product.

- `install`: the add-in built from xlwings' own template and installed into XLSTART; `install_check` what a
  finished install has; `bundle`/`bundle_text` the offline bundle for a PC without internet.
- The VBA it carries: `ribbon_vba` (the button's macro), `function_vba` (the worksheet functions and
  ThisWorkbook's event hook).
- The VBA project writer, by format: `cfb` ([MS-CFB] compound file), `ovba` ([MS-OVBA] compression),
  `vba_project` (the dir stream, PROJECT, PROJECTwm: a standard module added), `vba_document` (a document
  module's source set).
"""
