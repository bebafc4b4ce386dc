"""What several concepts share and none owns: dates and numbers as each language
writes them, web links, the base of the package's blocks, JSON helpers, the
Content-Security-Policy, JSON errors and safe spreadsheet exports."""
