"""What ua_wagtail gives other systems: OSDI 1.1 payloads of Urgent Actions,
their targets and the outreaches that reports record (:mod:`.osdi`)."""
