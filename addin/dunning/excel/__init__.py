"""The Excel edge: what runs inside Excel through xlwings — the ribbon button's job (`button`), the worksheet
functions' Python side (`udfs`, `workbook_functions`, `bridge`). The add-in's VBA that calls them is built by
`dunning.addin_build`."""
