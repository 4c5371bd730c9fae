"""The executor's OS sandbox on its own (no audit hook, no import rules): run by
executor_escape_test as `/usr/bin/python3 -I -B os_layer_check.py RUNTIME_DIR SCRATCH_DIR`.
Each check runs in a forked child that enters the sandbox the way a card's process does."""
import errno
import json
import os
import signal
import socket
import sys
import threading

sys.path.insert(0, sys.argv[1])
import _bisandbox  # noqa: E402

SCRATCH = sys.argv[2]
UID = 61999 if os.geteuid() == 0 else -1


def in_sandbox(fn):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            _bisandbox.enter(SCRATCH, UID, UID, 1 << 30, 5, 1 << 20, 64, 64)
            outcome = fn()
        except OSError as e:
            outcome = "errno:%s" % errno.errorcode.get(e.errno, e.errno)
        except BaseException as e:  # noqa: BLE001
            outcome = "%s:%s" % (type(e).__name__, e)
        os.write(w, json.dumps(outcome).encode())
        os._exit(0)
    os.close(w)
    data = b""
    while True:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        data += chunk
    os.waitpid(pid, 0)
    return json.loads(data) if data else "died"


landlock = _bisandbox.landlock_abi() > 0
checks = [
    # (name, function, expected outcome)
    ("socket creation", lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM), "errno:EPERM"),
    ("unix socket", lambda: socket.socket(socket.AF_UNIX, socket.SOCK_STREAM), "errno:EPERM"),
    ("fork", lambda: os.fork(), "errno:EPERM"),
    ("execve", lambda: os.execv("/bin/true", ["true"]), "errno:EPERM"),
    ("signal the parent", lambda: os.kill(os.getppid(), 0), "errno:EPERM"),
    ("signal everyone", lambda: os.kill(-1, 0), "errno:EPERM"),
    ("signal its own group", lambda: os.kill(0, 0), "errno:EPERM"),
    ("signal itself", lambda: os.kill(os.getpid(), 0), None),
    ("signal its own thread", lambda: signal.pthread_kill(threading.get_ident(), 0), None),
    ("unshare", lambda: os.unshare(0x40000000) if hasattr(os, "unshare") else
     (_ for _ in ()).throw(PermissionError(errno.EPERM, "x")), "errno:EPERM"),
    ("write in scratch", lambda: open("ok.txt", "w").write("fine"), 4),
    ("file size limit", lambda: open("big.bin", "wb").write(b"x" * (2 << 20)), "errno:EFBIG"),
]
if landlock:
    checks += [
        ("read /etc/passwd", lambda: open("/etc/passwd").read(), "errno:EACCES"),
        ("read /proc/self/environ", lambda: open("/proc/self/environ").read(), "errno:EACCES"),
        ("write /tmp", lambda: open("/tmp/bi-os-layer-escape", "w"), "errno:EACCES"),
        ("list /", lambda: os.listdir("/"), "errno:EACCES"),
        ("read a library", lambda: len(open("/usr/lib/python3/dist-packages/pandas/__init__.py").read()) > 0, True),
    ]
if os.geteuid() == 0:
    checks.append(("dropped root", lambda: os.getuid(), UID))

failed = 0
# First with the seccomp program built in the child, then prepared beforehand the way the
# zygote does it (_bisandbox.prepare) and inherited.
for prepared in (False, True):
    if prepared:
        _bisandbox.prepare()
    for name, fn, expected in checks:
        got = in_sandbox(fn)
        ok = got == expected
        failed += not ok
        print("%-28s %-8s %-6s got %r expected %r" % (
            name, "prepared" if prepared else "built", "ok" if ok else "FAILED", got, expected))
print("landlock:", landlock)
if failed:
    print("%d checks failed" % failed)
    sys.exit(1)
print("all checks passed")
