"""The Urgent Action page and its index: models, body blocks, deadlines, live
translations, sharing, the calendar reminder and the pages' security policy."""
