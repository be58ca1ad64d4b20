"""Deconfliction: notified sites, movements, flights and zones; acknowledgements; checks; hits.

    schemas.py        the notification format (a GeoJSON Feature) and the other request bodies
    terms.py          each conflict's terms by country: lead times, deadlines, radii
    shapes.py         geometry read from GeoJSON, routes, footprints (flight corridors)
    places.py         coordinates against the stated country and the named place (gazetteer)
    validate.py       the checks a notification passes (422s naming the field) or is flagged by
    notifications.py  storing, reading, acknowledging, outcomes, reconfirmation, overdue recipients
    checks.py         duplicates and conflicts between notifications (store envelopes + STRtree)
    hits.py           strikes near notified sites: findings with their evidence
    news.py           the same for events coded from the news (called by ``ceasefire ingest``)
    views.py          what each role sees (exact or blurred) and the public aggregates

Alerts go through ``monitor/alerts.py`` (rule kinds ``notified_site_hit`` and ``ack_overdue``).
"""
