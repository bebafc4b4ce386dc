"""Action reports: what activists report they did, stored exactly once and added
up across translations (models, rules, store and tallies, abuse control, the
form and the JSON API, the report form block, and the staff's screens)."""
