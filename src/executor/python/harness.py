"""The pre-warmed card runtime ("zygote") of bi-tool's executor.

Started once per worker by the C++ executor as
    /usr/bin/python3 -I -B harness.py RUNTIME_DIR
with an empty environment and a control socket on fd 3. It imports pandas, numpy, matplotlib
(Agg), plotly and scipy, warms them (one groupby, one plot, one PNG, one plotly JSON, the
warm-up cards), builds the seccomp program once (_bisandbox.prepare), says {"event": "ready"},
then serves one run at a time:

    C++ -> zygote   4-byte big-endian length + JSON request, with SCM_RIGHTS descriptors:
                    [result pipe (write end), dataset memfds...]
    zygote -> C++   JSON lines: {"event":"started","pid":N} then {"event":"exited","pid":N,
                    "status":<raw wait status>}

The zygote never parses a request. It keeps SPARES children forked ahead of time (replacements
are forked while no request waits): each closes what it inherited and runs a warm-up card
through the run's code paths, at the lowest priority when root (so that its copy-on-write faults
happen before its request arrives, with spare CPU), then waits for a request on its own socket.
The zygote passes a request on unchanged, descriptors included, to the oldest one (restoring its
priority), wipes its copy, reports "started" and reaps the child. The child maps the dataset
buffers, builds the DataFrames (no text parsing), enters the OS sandbox (_bisandbox.enter), arms
the audit hook, runs the card code, writes one JSON document and a newline to the result pipe
and closes it before exiting. See docs/executor.md.
"""

import base64
import collections
import decimal
import gc
import json
import math
import mmap
import os
import socket
import struct
import sys
import traceback

RUNTIME_DIR = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, RUNTIME_DIR)

CONTROL = socket.socket(fileno=3)


def send_event(**event):
    CONTROL.sendall((json.dumps(event) + "\n").encode())


try:
    import _bisandbox
    import numpy as np
    import pandas as pd
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.figure
    import matplotlib.pyplot as plt
    import plotly.basedatatypes
    import plotly.graph_objects as go
    import plotly.express  # noqa: F401  (slow to import: once here)
    import plotly.io
    import scipy
    import scipy.stats  # noqa: F401  (commonly used; import once here, not per run)
    import ast
    import io as _io
    import linecache
    import types
    import _strptime  # noqa: F401  (lazy import of time.strptime)
except BaseException as e:  # noqa: BLE001
    send_event(event="failed", reason="%s: %s" % (type(e).__name__, e))
    sys.exit(1)

# Module names a card may not import (top-level name; every private `_x` module too).
BLOCKED_MODULES = frozenset(
    """os sys subprocess socket http urllib ctypes importlib multiprocessing shutil pathlib
    pickle marshal posix nt pty fcntl signal resource gc mmap select selectors asyncio ssl
    ftplib smtplib telnetlib tempfile glob code codeop builtins runpy zipimport webbrowser
    threading concurrent xmlrpc socketserver cffi dill cloudpickle inspect pdb faulthandler
    tracemalloc sysconfig site io shelve dbm sqlite3 zipfile tarfile bz2 lzma gzip
    linecache traceback""".split()
)
BLOCKED_BUILTINS = ("open", "exec", "eval", "compile", "input", "breakpoint", "__import__",
                    "help", "exit", "quit", "globals", "vars", "memoryview")

MAX_ROWS = 10_000
STDOUT_LIMIT = 64 * 1024
MAX_PNG_PIXELS = 2000  # per side


def warm():
    df = pd.DataFrame({"region": pd.Categorical.from_codes(np.array([0, 1, 0], np.int32),
                                                            ["a", "b"]),
                       "qty": np.array([1, 2, 3], np.int64),
                       "x": pd.arrays.IntegerArray(np.array([1, 2, 3]), np.array([0, 1, 0], bool))})
    r = df.groupby("region")["qty"].sum()
    r.reset_index().to_json(orient="values", date_format="iso")
    df[df["qty"] > 1]
    fig = plt.figure(figsize=(2, 2))
    ax = fig.add_subplot()
    ax.plot([1, 2], [3, 4])
    ax.set_title("warm")
    fig.savefig(_io.BytesIO(), format="png", dpi=50)
    plt.close(fig)
    go.Figure(data=[go.Bar(x=["a"], y=[1])]).to_json()
    pd.Timestamp("2024-01-02").isoformat()
    traceback.format_exception(ValueError("x"))


# ---------------------------------------------------------------------------------------------
# Dataset buffers -> pandas
# ---------------------------------------------------------------------------------------------

def map_image(fd, size):
    """MAP_PRIVATE: the card may modify its DataFrame (copy-on-write) without touching the
    image that later runs share."""
    if size == 0:
        return None
    return mmap.mmap(fd, size, flags=mmap.MAP_PRIVATE, prot=mmap.PROT_READ | mmap.PROT_WRITE)


NUMPY_TYPES = {"int32": np.int32, "int64": np.int64, "float32": np.float32,
               "float64": np.float64, "bool": np.bool_}


def _region(mm, spec, dtype, count):
    if count == 0 or spec is None:
        return np.zeros(0, dtype)
    return np.frombuffer(mm, dtype=dtype, count=count, offset=spec[0])


def _strings(mm, offsets_spec, data_spec, count):
    offsets = _region(mm, offsets_spec, np.int64, count + 1)
    if count == 0:
        return []
    data = bytes(mm[data_spec[0]:data_spec[0] + data_spec[1]]) if data_spec[1] else b""
    o = offsets.tolist()
    if data.isascii():
        # Byte offsets are character offsets: decode once, slice the str (~30% faster).
        text = data.decode("ascii")
        return [text[o[i]:o[i + 1]] for i in range(count)]
    return [data[o[i]:o[i + 1]].decode("utf-8", "replace") for i in range(count)]


def build_column(mm, col, n):
    t = col["type"]
    validity = col.get("validity")
    mask = None  # True = missing
    if validity is not None and n:
        bits = np.frombuffer(mm, np.uint8, count=validity[1], offset=validity[0])
        mask = ~np.unpackbits(bits, bitorder="little", count=n).astype(bool)
    if t in ("int32", "int64"):
        values = _region(mm, col["values"], NUMPY_TYPES[t], n)
        if mask is not None:
            return pd.arrays.IntegerArray(values, mask)
        return values
    if t in ("float32", "float64"):
        return _region(mm, col["values"], NUMPY_TYPES[t], n)  # nulls already NaN
    if t == "bool":
        values = _region(mm, col["values"], np.bool_, n)
        if mask is not None:
            return pd.arrays.BooleanArray(values, mask)
        return values
    if t == "datetime":  # int64 ns, nulls already NaT
        values = _region(mm, col["values"], np.int64, n).view("datetime64[ns]")
        if col.get("utc"):
            return pd.DatetimeIndex(values).tz_localize("UTC").array
        return values
    if t == "category":
        codes = _region(mm, col["values"], np.int32, n)  # nulls already -1
        d = col["dictionary"]
        categories = _strings(mm, d["offsets"], d["data"], d["length"])
        return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object))
    if t in ("string", "binary"):
        arr = np.empty(n, dtype=object)
        arr[:] = _strings(mm, col["offsets"], col["data"], n)
        if mask is not None:
            arr[mask] = None
        return arr
    raise ValueError("unknown column type " + t)


def build_frame(spec, mm):
    n = spec["numRows"]
    data = {c["name"]: build_column(mm, c, n) for c in spec["columns"]}
    return pd.DataFrame(data, copy=False)


def apply_filters(df, filters):
    """Row filters pushed down by the caller (row groups were already pruned in C++)."""
    if not filters:
        return df
    mask = np.ones(len(df), dtype=bool)
    for f in filters:
        col = df[f["column"]]
        op = f["op"]
        value = f.get("value")
        values = f.get("values")
        if pd.api.types.is_datetime64_any_dtype(col.dtype):
            conv = lambda v: pd.Timestamp(v, tz="UTC") if getattr(col.dt, "tz", None) else pd.Timestamp(v)  # noqa: E731
            value = conv(value) if value is not None else None
            values = [conv(v) for v in values] if values else values
        if op == "eq":
            m = col == value
        elif op == "ne":
            m = col != value
        elif op == "lt":
            m = col < value
        elif op == "le":
            m = col <= value
        elif op == "gt":
            m = col > value
        elif op == "ge":
            m = col >= value
        elif op == "in":
            m = col.isin(values or [])
        elif op == "between":
            m = (col >= values[0]) & (col <= values[1])
        elif op == "is_null":
            m = col.isna()
        elif op == "not_null":
            m = col.notna()
        else:
            raise ValueError("unknown filter op " + op)
        mask &= np.asarray(m.fillna(False) if hasattr(m, "fillna") else m, dtype=bool)
    return df[mask].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# The card's namespace
# ---------------------------------------------------------------------------------------------

_real_import = __import__


def _io_subset():
    m = types.ModuleType("io")
    m.StringIO = _io.StringIO
    m.BytesIO = _io.BytesIO
    return m


def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
    top = name.split(".")[0]
    if level != 0:
        raise ImportError("relative imports are not available in cards")
    if top == "io" and name == "io":
        return _io_subset()
    if top in BLOCKED_MODULES or top.startswith("_"):
        raise ImportError("import of '%s' is blocked in cards" % name)
    return _real_import(name, globals, locals, fromlist, level)


def card_builtins():
    import builtins
    b = dict(builtins.__dict__)
    for name in BLOCKED_BUILTINS:
        b.pop(name, None)
    b["__import__"] = guarded_import
    b["print"] = builtins.print
    return b


class BoundedStdout:
    def __init__(self, limit):
        self.limit = limit
        self.parts = []
        self.size = 0
        self.truncated = False

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("write() argument must be str")
        room = self.limit - self.size
        if len(s) > room:
            self.truncated = True
        if room > 0:
            self.parts.append(s[:room])
            self.size += min(len(s), room)
        return len(s)

    def flush(self):
        pass

    def text(self):
        t = "".join(self.parts)
        return t.encode("utf-8", "replace")[: self.limit].decode("utf-8", "ignore")


def split_last_expression(code):
    """Compiles the card so the value of a final bare expression lands in __bi_last__."""
    tree = ast.parse(code, filename="<card>", mode="exec")
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = tree.body[-1]
        assign = ast.Assign(targets=[ast.Name(id="__bi_last__", ctx=ast.Store())], value=last.value)
        ast.copy_location(assign, last)
        tree.body[-1] = assign
        ast.fix_missing_locations(tree)
    return compile(tree, "<card>", "exec")


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------


class CardResultError(Exception):
    pass


def jsonable(v, depth=0):
    if depth > 100:
        raise CardResultError("the result is nested too deeply")
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        return f if math.isfinite(f) else None
    if isinstance(v, decimal.Decimal):
        return float(v) if v.is_finite() else None
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, (pd.Timestamp,)):
        return None if pd.isna(v) else v.isoformat()
    if isinstance(v, dict):
        return {str(k): jsonable(x, depth + 1) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [jsonable(x, depth + 1) for x in v]
    if isinstance(v, np.ndarray):
        return jsonable(v.tolist(), depth + 1)
    if v is pd.NA or v is pd.NaT:
        return None
    raise CardResultError("a value of type %s inside the result cannot be sent as JSON"
                          % type(v).__name__)


def table_payload(obj):
    if isinstance(obj, pd.Series):
        obj = obj.to_frame(name=obj.name if obj.name is not None else "value")
    total = int(len(obj))
    head = obj.head(MAX_ROWS)
    if not isinstance(head.index, pd.RangeIndex) or head.index.name is not None:
        head = head.reset_index()
    if isinstance(head.columns, pd.MultiIndex):
        head.columns = [" / ".join(str(p) for p in c if str(p)) for c in head.columns]
    columns = [{"name": str(c), "dtype": str(t)} for c, t in zip(head.columns, head.dtypes)]
    rows = json.loads(head.to_json(orient="values", date_format="iso", date_unit="ms",
                                   default_handler=str)) if len(head.columns) else []
    return {"kind": "table", "columns": columns, "rows": rows, "totalRows": total,
            "truncated": total > len(head)}


def png_payload(fig):
    w, h = fig.get_size_inches()
    dpi = float(fig.dpi or 100)
    scale = min(1.0, MAX_PNG_PIXELS / max(w * dpi, h * dpi, 1.0))
    buf = _io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi * scale)
    return {"kind": "image", "mimeType": "image/png",
            "width": int(round(w * dpi * scale)), "height": int(round(h * dpi * scale)),
            "data": base64.b64encode(buf.getvalue()).decode()}


def to_payload(value):
    if value is None:
        return {"kind": "empty"}
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return table_payload(value)
    if isinstance(value, plotly.basedatatypes.BaseFigure):
        return {"kind": "plotly", "figure": json.loads(value.to_json())}
    if isinstance(value, matplotlib.figure.Figure):
        return png_payload(value)
    if isinstance(value, matplotlib.axes.Axes):
        return png_payload(value.figure)
    if isinstance(value, (bool, np.bool_)):
        return {"kind": "kpi", "value": bool(value)}
    if isinstance(value, (int, float, decimal.Decimal, np.integer, np.floating)):
        v = jsonable(value)
        return {"kind": "kpi", "value": v, "text": str(value)}
    if isinstance(value, str):
        return {"kind": "markdown", "text": value}
    if isinstance(value, (dict, list)):
        return {"kind": "json", "value": jsonable(value)}
    raise CardResultError(
        "the card's result has type %s, which cannot be displayed: return a DataFrame, Series, "
        "plotly or matplotlib figure, number, str, dict, list or None" % type(value).__name__)


def card_traceback(exc):
    """The traceback without harness frames: from the first frame of the card's code on."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != "<card>":
        tb = tb.tb_next
    frames = traceback.extract_tb(tb) if tb is not None else []
    line = None
    for fr in frames:
        if fr.filename == "<card>":
            line = fr.lineno
    text = "Traceback (most recent call last):\n" if frames else ""
    text += "".join(traceback.format_list(frames))
    text += "".join(traceback.format_exception_only(type(exc), exc))
    if line is None and isinstance(exc, SyntaxError) and exc.filename == "<card>":
        line = exc.lineno
    return text, line


# ---------------------------------------------------------------------------------------------
# One run (in the forked child)
# ---------------------------------------------------------------------------------------------


def write_all(fd, data):
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def harness_error(e):
    return {"ok": False, "error": {"code": "harness_error", "type": type(e).__name__,
                                   "message": str(e)}}


def card_reply(req, images, sandbox=True):
    """Runs the card of `req` over `images` (alias -> mapping) and returns the reply document
    (stdout is added by the caller). `sandbox` is False only for the warm-up card."""
    try:
        namespace = {"__name__": "__card__", "__builtins__": card_builtins()}
        try:
            for d in req["datasets"]:
                df = build_frame(d, images[d["alias"]])
                namespace[d["alias"]] = apply_filters(df, d.get("filters"))
            namespace["params"] = req.get("params") or {}
            namespace.update({"pd": pd, "np": np, "plt": plt, "go": go})
            code = req["code"]
            linecache.cache["<card>"] = (len(code), None, code.splitlines(True), "<card>")
            compiled = split_last_expression(code)
        except SyntaxError as e:
            text, line = card_traceback(e)
            return {"ok": False, "error": {"code": "user_code_error", "type": "SyntaxError",
                                           "message": str(e.msg), "traceback": text,
                                           "line": line}}
        limits = req["limits"]
        if sandbox:
            _bisandbox.enter(req["scratch"], req.get("uid", -1), req.get("gid", -1),
                             limits["memoryBytes"], limits["cpuSeconds"], limits["fileBytes"],
                             64, 64)
            _bisandbox.arm(req["scratch"], compiled)
        try:
            exec(compiled, namespace)
            value = namespace["result"] if "result" in namespace else namespace.get("__bi_last__")
            return {"ok": True, "result": to_payload(value)}
        except MemoryError as e:
            return {"ok": False, "error": {"code": "memory_limit", "type": type(e).__name__,
                                           "message": "the card ran out of memory (limit %d MB)"
                                           % (limits["memoryBytes"] >> 20)}}
        except CardResultError as e:
            return {"ok": False, "error": {"code": "unsupported_result",
                                           "type": "UnsupportedResult", "message": str(e)}}
        except BaseException as e:  # noqa: BLE001  (SystemExit, KeyboardInterrupt too)
            text, line = card_traceback(e)
            return {"ok": False, "error": {"code": "user_code_error", "type": type(e).__name__,
                                           "message": str(e), "traceback": text, "line": line}}
    except MemoryError:
        return {"ok": False, "error": {"code": "memory_limit", "type": "MemoryError",
                                       "message": "the card ran out of memory"}}
    except BaseException as e:  # noqa: BLE001  (harness failure before user code)
        return harness_error(e)


def encode_reply(reply):
    try:
        return json.dumps(reply, allow_nan=False).encode()
    except (ValueError, TypeError) as e:
        return json.dumps({"ok": False, "stdout": "", "stdoutTruncated": False,
                           "error": {"code": "unsupported_result", "type": "UnsupportedResult",
                                     "message": "the result cannot be sent as JSON: %s" % e}}
                          ).encode()
    except MemoryError:
        return b'{"ok":false,"error":{"code":"memory_limit","type":"MemoryError",' \
               b'"message":"the card ran out of memory"}}'


def run_request(body, fds):
    """Runs one request in this child and exits. fds: [result pipe, dataset memfds...]."""
    reply = None
    req = {}
    try:
        req = json.loads(body)
        images = {d["alias"]: map_image(fds[d["fd"]], d["size"]) for d in req["datasets"]}
    except BaseException as e:  # noqa: BLE001
        reply = harness_error(e)
    os.dup2(fds[0], 3)
    os.closerange(4, 1 << 16)  # the dataset descriptors (mapped by now) and the pipe's original
    out = BoundedStdout(req.get("stdoutLimit", STDOUT_LIMIT))
    sys.stdout = out
    sys.stderr = out
    if reply is None:
        reply = card_reply(req, images)
    reply["stdout"] = out.text()
    reply["stdoutTruncated"] = out.truncated
    # The newline marks a complete document; closing the pipe before exiting lets the executor
    # answer while the kernel still tears this process down.
    write_all(3, encode_reply(reply) + b"\n")
    os.close(3)
    os._exit(0)


# ---------------------------------------------------------------------------------------------
# The pre-forked child's warm-up
# ---------------------------------------------------------------------------------------------


def warm_image():
    """A small dataset image with every column type DatasetCache produces, and two layouts over
    it: the common column types only, and all of them with a filter."""
    n = 64
    image = bytearray()

    def add(array):
        data = np.ascontiguousarray(array).tobytes()
        offset = len(image)
        image.extend(data)
        image.extend(bytes(-len(image) % 8))
        return [offset, len(data)]

    def strings(values):
        encoded = [v.encode() for v in values]
        offsets = np.cumsum([0] + [len(v) for v in encoded]).astype(np.int64)
        return add(offsets), add(np.frombuffer(b"".join(encoded), np.uint8))

    i = np.arange(n, dtype=np.int64)
    present = add(np.packbits(i % 5 != 0, bitorder="little"))
    region_offsets, region_data = strings(["east", "west", "north"])
    name_offsets, name_data = strings(["n%d" % k for k in range(n)])
    common = [
        {"name": "region", "type": "category", "values": add((i % 3).astype(np.int32)),
         "dictionary": {"length": 3, "offsets": region_offsets, "data": region_data}},
        {"name": "qty", "type": "int64", "values": add(i)},
        {"name": "price", "type": "float64", "values": add(i * 0.5)},
        {"name": "day", "type": "datetime", "values": add(i * 86_400_000_000_000)},
    ]
    rare = [
        {"name": "maybe", "type": "int64", "values": add(i), "validity": present},
        {"name": "flag", "type": "bool", "values": add(i % 2 == 0)},
        {"name": "ts", "type": "datetime", "utc": True, "values": add(i * 1_000_000_000)},
        {"name": "name", "type": "string", "offsets": name_offsets, "data": name_data,
         "validity": present},
    ]
    return image, (
        {"alias": "df", "numRows": n, "columns": common},
        {"alias": "df", "numRows": n, "columns": common + rare,
         "filters": [{"column": "qty", "op": "ge", "value": 1}]})


# Built once in the zygote; children only read it.
WARM_IMAGE, (WARM_COMMON, WARM_ALL) = warm_image()
# Run once by the zygote at start-up (a failure means a broken runtime; a warmer zygote).
WARM_CARDS = (("df.groupby('region')['qty'].sum()", WARM_COMMON),
              ("result = int(df['qty'].sum())", WARM_COMMON),
              ("df[df['price'] > 1].head()", WARM_ALL))


def run_warm_cards():
    for code, layout in WARM_CARDS:
        req = {"code": code, "datasets": [layout], "limits": {"memoryBytes": 0}}
        reply = card_reply(req, {"df": WARM_IMAGE}, sandbox=False)
        if not reply.get("ok"):
            raise RuntimeError("warm-up card %r failed: %s" % (code, reply.get("error")))
        encode_reply(reply)
    linecache.cache.pop("<card>", None)


def warm_steps():
    """A pre-forked child's warm-up: the first warm-up card, step by step along card_reply's
    path, so that the child's copy-on-write faults (pandas' objects, the allocator's pages)
    happen before its request arrives. Yields between steps (about a millisecond each)."""
    code, layout = WARM_CARDS[0]
    df = apply_filters(build_frame(layout, WARM_IMAGE), layout.get("filters"))
    yield
    namespace = {"__name__": "__card__", "__builtins__": card_builtins(), "df": df, "pd": pd}
    exec(split_last_expression(code), namespace)
    yield
    encode_reply({"ok": True, "result": to_payload(namespace["__bi_last__"])})


def waiting(sock):
    """Whether `sock` has something to read (or reached EOF), without reading it."""
    try:
        sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        return True
    except BlockingIOError:
        return False


# ---------------------------------------------------------------------------------------------
# The zygote
# ---------------------------------------------------------------------------------------------

CHANNEL_FD = 9  # the pre-forked child's end of its socket to the zygote


def recv_frame(sock, buf):
    """Reads one length-prefixed request into `buf` (a bytearray, grown when too small).
    Returns (buf, length, fds); length None at EOF."""
    header, fds, _flags, _addr = socket.recv_fds(sock, 4, 64)
    if not header:
        return buf, None, fds
    while len(header) < 4:
        more = sock.recv(4 - len(header))
        if not more:
            return buf, None, fds
        header += more
    (length,) = struct.unpack(">I", header)
    if length > len(buf):
        buf[:] = bytes(len(buf))
        buf = bytearray(length)
    view = memoryview(buf)
    got = 0
    while got < length:
        n = sock.recv_into(view[got:length])
        if n == 0:
            return buf, None, fds
        got += n
    return buf, length, fds


def forward(channel, body, fds):
    """Passes a request on to the pre-forked child unchanged: the same framing, the same
    descriptors. False when the child was gone before it got anything."""
    header = struct.pack(">I", len(body))
    try:
        sent = socket.send_fds(channel, [header, body], fds)
    except OSError:
        return False
    if sent < len(header):
        channel.sendall(header[sent:])
        sent = len(header)
    if sent - len(header) < len(body):  # sendall() of nothing would still write (EPIPE)
        channel.sendall(body[sent - len(header):])
    return True


def serve_one(zygote_end, channel_end):
    """The pre-forked child: drops what it inherited, warms up, then runs one request."""
    try:
        os.setpgid(0, 0)
    except OSError:
        pass
    CONTROL.detach()  # closed below: these objects must never close a reused number later
    zygote_end.detach()
    os.dup2(channel_end.detach(), CHANNEL_FD, inheritable=False)
    os.closerange(0, CHANNEL_FD)
    os.closerange(CHANNEL_FD + 1, 1 << 16)
    os.open("/dev/null", os.O_RDONLY)  # fd 0
    os.open("/dev/null", os.O_WRONLY)  # fd 1
    os.open("/dev/null", os.O_WRONLY)  # fd 2
    channel = socket.socket(fileno=CHANNEL_FD)
    try:
        for _ in warm_steps():
            if waiting(channel):
                break  # the request (or EOF) is there: never delayed by more than one step
    except Exception:  # noqa: BLE001  (the zygote ran the card fine: only speed is at stake)
        pass
    linecache.cache.pop("<card>", None)
    _buf, length, fds = recv_frame(channel, bytearray())
    if length is None:
        os._exit(0)  # the zygote went away
    body = bytes(_buf[:length])
    channel.close()
    run_request(body, fds)


def prefork(idle_priority=False):
    """Forks the next run's child; returns (pid, socket to it). `idle_priority` (when root): it
    warms up at nice 19, with spare CPU only, until the zygote gives it a request."""
    zygote_end, channel_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    pid = os.fork()
    if pid == 0:
        try:
            serve_one(zygote_end, channel_end)
        finally:
            os._exit(70)
    channel_end.close()
    try:
        os.setpgid(pid, pid)  # also done by the child: whichever runs first
        if idle_priority and os.geteuid() == 0:
            os.setpriority(os.PRIO_PROCESS, pid, 19)
    except OSError:
        pass
    return pid, zygote_end


def reap(pid):
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return 0


# Pre-forked children kept per zygote. Replacements are forked while no request waits, so two
# let back-to-back requests find one ready.
SPARES = 2


def main():
    warm()
    run_warm_cards()
    _bisandbox.prepare()
    gc.freeze()  # children's collections skip the zygote's objects (no copy-on-write of them)
    spares = collections.deque(prefork(idle_priority=True) for _ in range(SPARES))
    send_event(event="ready", landlock=_bisandbox.landlock_abi(), pid=os.getpid())
    try:
        serve(spares)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the executor went away
    for pid, channel in spares:
        channel.close()  # the child sees EOF and exits
        reap(pid)


def serve(spares):
    """Runs requests until the control socket closes."""
    buf = bytearray(1 << 16)
    root = os.geteuid() == 0
    while True:
        while len(spares) < SPARES and not waiting(CONTROL):
            spares.append(prefork(idle_priority=True))
        buf, length, fds = recv_frame(CONTROL, buf)
        if length is None:
            return
        body = memoryview(buf)[:length]
        try:
            while True:
                pid, channel = spares.popleft() if spares else prefork()
                if root:
                    try:
                        os.setpriority(os.PRIO_PROCESS, pid, 0)  # it may have warmed up at 19
                    except ProcessLookupError:
                        pass
                if forward(channel, body, fds):
                    break
                # That child died while idle (it should not): the next one takes the request.
                channel.close()
                reap(pid)
        finally:
            body.release()
            buf[:length] = bytes(length)  # later children never see this request
            for fd in fds:
                os.close(fd)
        channel.close()
        send_event(event="started", pid=pid)
        send_event(event="exited", pid=pid, status=reap(pid))


if __name__ == "__main__":
    main()
