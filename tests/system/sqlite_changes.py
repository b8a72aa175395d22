"""What a writer changed in a SQLite database in WAL mode since the last look, read from the -wal file.

The hostile-input sweep compares the whole database before and after each try (test_hostile_input.py). Reading every
row of every table twice a try cost a quarter of a second once the sweep had stored a few thousand records, and more
with every record after: the long tier slowed to a few tries a second. A commit in WAL mode appends each page it wrote
to the -wal file as a frame (a 24-byte header naming the page, then the page's new image), so the pages written since
the last look are the frames after the offset read last time. `dbstat` says which table owns each page, and a table
leaf page's cells begin with the rowids of the rows on it: only those rows need reading again, and the table's rowids
to see which rows went. Whenever the answer could be wrong it falls back to reading everything, as before: the log
was restarted since (a checkpoint, then a new write: the frame headers' salts change) or cannot be read, the schema
changed (page 1, where it starts, was written and sqlite_master differs), or an overflow page was written (a long
value changed in place: the page does not say whose)."""
import sqlite3
import struct
from pathlib import Path

WAL_HEADER = 32
FRAME_HEADER = 24
TABLE_LEAF = 0x0D


class WalPages:
    """The pages written to a database's -wal file since the last call to `since_last`, with their latest images."""

    def __init__(self, database: Path):
        self.wal = Path(str(database) + "-wal")
        self.salts = None
        self.offset = WAL_HEADER

    def since_last(self):
        """{page number: its latest image}, or None when it cannot tell (the first call, or the log was restarted)."""
        try:
            with open(self.wal, "rb") as log:
                header = log.read(WAL_HEADER)
                if len(header) < WAL_HEADER or header[:4] not in (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83"):
                    self.salts = None
                    return None
                page_size = struct.unpack(">I", header[8:12])[0]
                salts = header[16:24]
                known = salts == self.salts
                if not known:
                    self.salts, self.offset = salts, WAL_HEADER
                pages = {}
                committed = self.offset
                log.seek(self.offset)
                while True:
                    frame = log.read(FRAME_HEADER)
                    if len(frame) < FRAME_HEADER or frame[8:16] != salts:
                        break
                    image = log.read(page_size)
                    if len(image) < page_size:
                        break
                    page, commit = struct.unpack(">II", frame[:8])
                    pages[page] = image
                    if commit:
                        committed = log.tell()
                # Frames after the last commit may belong to a transaction still being written: read them again.
                self.offset = committed
                return pages if known else None
        except OSError:
            self.salts = None
            return None


def varint(data, at):
    """A SQLite variable-length integer at `at`: (value, the offset after it)."""
    value = 0
    for i in range(8):
        byte = data[at + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    return (value << 8) | data[at + 8], at + 9


def leaf_rowids(page, image):
    """The rowids of the rows on a table leaf page, or None if the image is not one."""
    start = 100 if page == 1 else 0
    if image[start] != TABLE_LEAF:
        return None
    cells = struct.unpack(">H", image[start + 3:start + 5])[0]
    rowids = []
    for k in range(cells):
        cell = struct.unpack(">H", image[start + 8 + 2 * k:start + 10 + 2 * k])[0]
        _, after = varint(image, cell)
        rowids.append(varint(image, after)[0])
    return rowids


def schema_of(db):
    """What sqlite_master says: every table and index, with its root page and definition."""
    return db.execute("SELECT type, name, tbl_name, rootpage, sql FROM sqlite_master ORDER BY name").fetchall()


class TableReader:
    """Every row of the tables of one database, as bytes, read again only where a commit wrote since the last look.

    `read(keep)` answers {table: (number of rows, highest rowid, {rowid: row})}; comparing two answers is as exact
    as comparing every row (and much cheaper than a digest of them); a table nothing wrote keeps the very same dict."""

    def __init__(self, database: Path):
        self.raw = sqlite3.connect(f"file:{database}?mode=ro", uri=True, check_same_thread=False)
        self.raw.text_factory = bytes
        self.meta = sqlite3.connect(f"file:{database}?mode=ro", uri=True, check_same_thread=False)
        self.wal = WalPages(database)
        self.schema = None
        self.owners = {}  # page number: (owner's name, page kind), from dbstat
        self.state = {}
        self.partial_reads = 0  # looks that read only what the -wal file named (for the shortcut's own test)

    def whole(self, table):
        rows = {row[0]: row for row in self.raw.execute(f'SELECT rowid, * FROM "{table}" ORDER BY rowid')}
        return (len(rows), max(rows, default=0), rows)

    def read(self, keep, whole=False):
        """Every table `keep(name)` accepts, as it is now."""
        pages = self.wal.since_last()
        plan = None if pages is None or whole or self.schema is None else self.plan(pages)
        if plan is None:
            self.schema = schema_of(self.meta)
            self.owners = {}
        tables = [name for kind, name, *_ in self.schema if kind == "table" and name[:7] != "sqlite_" and keep(name)]
        if plan is None:
            self.state = {table: self.whole(table) for table in tables}
            return dict(self.state)
        self.partial_reads += 1
        for table in tables:
            if table not in self.state:
                self.state[table] = self.whole(table)
            elif table in plan:
                self.state[table] = self.again(table, plan[table])
        return {table: self.state[table] for table in tables}

    def plan(self, pages):
        """{table: the rowids on its written leaf pages, or None to read it whole}; None to read everything."""
        if 1 in pages and schema_of(self.meta) != self.schema:
            return None
        # Which table owns which page changes only when a page is taken from or given back to the free list, or the
        # file grows: each writes the header on page 1. Otherwise the owners read last time still hold.
        if 1 in pages or any(page not in self.owners for page in pages):
            self.owners = {page: (name, kind) for name, page, kind in self.meta.execute(
                "SELECT name, pageno, pagetype FROM dbstat WHERE aggregate = 0")}
        table_of = {name: table for _, name, table, *_ in self.schema}
        plan = {}
        for page, image in pages.items():
            if page == 1 or page not in self.owners:
                continue  # the header and schema (compared above), or a page now free
            name, kind = self.owners[page]
            table = table_of.get(name, name)
            rowids = plan.setdefault(table, set())
            if rowids is None or name != table:
                continue  # an index page: the rows it follows were written on pages of their own
            if kind == "overflow":
                plan[table] = None
            elif kind == "leaf":
                found = leaf_rowids(page, image)
                if found is None:
                    plan[table] = None
                else:
                    rowids.update(found)
        return plan

    def again(self, table, written):
        """One table after a commit: the rows on the leaf pages it wrote read again, the rows gone dropped."""
        if written is None:
            return self.whole(table)
        _, _, old = self.state[table]
        present = [rowid for (rowid,) in self.raw.execute(f'SELECT rowid FROM "{table}" ORDER BY rowid')]
        rows = {}
        wanted = []
        for rowid in present:
            if rowid in written or rowid not in old:
                wanted.append(rowid)
            else:
                rows[rowid] = old[rowid]
        for at in range(0, len(wanted), 500):
            chunk = wanted[at:at + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.raw.execute(f'SELECT rowid, * FROM "{table}" WHERE rowid IN ({marks})', chunk):
                rows[row[0]] = row
        return (len(rows), max(rows, default=0), rows)
