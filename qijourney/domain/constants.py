"""Named constants of the platform, each with where it comes from. (The engine's published
constants are in qijourney/spc/constants.py; colours in qijourney/palette.py.)"""

from __future__ import annotations

from decimal import Decimal

# The IHI progress scale for improvement projects, 0.5 to 5.0 (IHI, "Assessment Scale for
# Collaboratives"): every organisation starts with it and may reword its levels.
IHI_SCALE = [
    (Decimal("0.5"), "Intent to participate"),
    (Decimal("1.0"), "Charter and team established"),
    (Decimal("1.5"), "Planning for the project has begun"),
    (Decimal("2.0"), "Activity, but no changes"),
    (Decimal("2.5"), "Changes tested, but no improvement"),
    (Decimal("3.0"), "Modest improvement"),
    (Decimal("3.5"), "Improvement"),
    (Decimal("4.0"), "Significant improvement"),
    (Decimal("4.5"), "Sustainable improvement"),
    (Decimal("5.0"), "Outstanding sustainable results"),
]

# A stalled project: active, at least three months old, and no score above 2.5 ("changes
# tested, but no improvement") in three months: the portfolio report of the platform spec.
STALLED_SCORE = Decimal("2.5")
STALLED_DAYS = 91
STALLED_PERIOD = "three months"  # STALLED_DAYS, as the portfolio's filter says it

# A coach or advisor is "coaching" while a session is logged within this many days; after
# that the skills directory counts them as quiet.
COACH_ACTIVE_DAYS = 90

# The self-assessment report lists open actions overdue or due within this many days.
ACTIONS_HORIZON_DAYS = 90

# Most rows taken at once: big enough for years of weekly data or a large trust's whole staff
# list, small enough to check every row, show every problem and save in one request.
MAX_UPLOAD_POINTS = 20_000  # a measure's data file
MAX_API_POINTS = 50_000  # a BI pipeline's bulk upsert of one measure's points
MAX_STAFF_ROWS = 60_000  # a staff list or a file of past training records

# What a page upload may be, checked before the file is parsed, so a huge or hostile file is
# refused in moments rather than read. A staff list of MAX_STAFF_ROWS rows of eight columns is
# about 8 MB as CSV and 3 MB as .xlsx (30 MB once unzipped); these leave room for that.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the file as sent (CSV, or the .xlsx's zip)
MAX_UPLOAD_COLUMNS = 200  # every upload names fewer than twenty
MAX_XLSX_UNZIPPED_BYTES = 60 * 1024 * 1024  # all of an .xlsx's parts, unzipped
MAX_XLSX_PARTS = 1_000  # files inside the .xlsx's zip (a workbook of a few sheets has ~15)
# Spreadsheet XML shrinks about 10 times when zipped, and a sheet of repeated cells some 100
# times; a zip bomb shrinks thousands of times.
MAX_XLSX_COMPRESSION_RATIO = 250

# Most a request's body may be, refused (413) from its Content-Length before any of it is read:
# a page's upload is its file and the form's few fields; an API bulk body is JSON. 50,000 points
# with a 40-character annotation each are about 10.5 MB of JSON, and a staff list of 60,000
# people with long names, units and emails about 19 MB: these leave room for that. Waitress
# stops reading a body past the larger of the two (serve and demo).
MAX_PAGE_BODY_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024
MAX_API_BODY_BYTES = 40 * 1024 * 1024

# Most results on one page of an API list (?limit=); a larger limit is cut to this.
MAX_API_PAGE = 1_000

# A deleted project, measure, data point, PDSA cycle, driver diagram box or board metric may be
# restored for this many days; after that `qijourney purge-deleted` removes it for good.
# Ninety days covers a quarter's reporting cycle.
RESTORE_DAYS = 90

# The History page lists this many versions, newest first.
HISTORY_PAGE_VERSIONS = 200
