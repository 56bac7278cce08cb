"""Read queries for meetings, one module per topic, filtered by what the user may see and
prepared for the pages, the API and the PDFs that use them. Callers import the topic module
(``from meetings.selectors import console``); nothing is re-exported here."""
