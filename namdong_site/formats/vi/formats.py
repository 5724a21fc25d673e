"""Vietnamese input formats: day first.

Django's Vietnamese locale defines no input formats, so Django's defaults apply,
and they read 05/07/2026 the American way (7 May). Staff write dates day first,
as in every Vietnamese document; the admin's calendar writes the first format.
Display formats stay Django's.
"""

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
]
