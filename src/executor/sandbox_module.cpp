// `_bisandbox`: the operating-system half of the card sandbox, as a Python extension module that
// the pre-warmed interpreter (python/harness.py) imports once.
//
//   prepare()
//       called once by the zygote: builds the seccomp BPF program (libseccomp, exported) that
//       every forked child inherits and only has to load.
//
// Each forked child calls, before any user code runs:
//
//   enter(scratch, uid, gid, memory_bytes, cpu_seconds, file_bytes, nofile, nproc)
//       chdir into the scratch dir; rlimits (address space, CPU, file size, open files, core 0,
//       processes when the uid changes); drop to `uid`/`gid` when running as root; no_new_privs;
//       Landlock (read-only system dirs, read-write scratch dir, nothing else) when the kernel
//       has it; a seccomp filter (libseccomp) denying socket creation, connect, exec, ptrace,
//       mount/unshare/setns, process_vm_*, io_uring, bpf, new processes (clone without
//       CLONE_THREAD, fork, vfork; clone3 answers ENOSYS so libc falls back to clone), and,
//       in a second stacked filter holding its pid, signals to any process but itself.
//   arm(scratch, code)
//       installs a C-level audit hook (PEP 578) whose state lives in this module's C statics,
//       out of reach of Python code: the one `exec` of `code` is allowed, every other
//       exec/eval is refused, as are `open` outside the scratch dir (read-only under /usr is
//       allowed for lazy imports and fonts), os.* / subprocess / socket / ctypes / shutil /
//       pty events and imports of blocked modules. One-shot: later calls fail.
//
// The Python-level rules of the harness are a convenience; this module is the wall.

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

namespace {

// ---- Landlock -------------------------------------------------------------------------------

int LandlockAbi() {
#ifdef SYS_landlock_create_ruleset
  long abi = syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
  return abi < 0 ? 0 : static_cast<int>(abi);
#else
  return 0;
#endif
}

uint64_t HandledAccess(int abi) {
  uint64_t all =
      LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE |
      LANDLOCK_ACCESS_FS_READ_DIR | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
      LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |
      LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |
      LANDLOCK_ACCESS_FS_MAKE_SYM;
  if (abi >= 2) all |= LANDLOCK_ACCESS_FS_REFER;
#ifdef LANDLOCK_ACCESS_FS_TRUNCATE
  if (abi >= 3) all |= LANDLOCK_ACCESS_FS_TRUNCATE;
#endif
  return all;
}

// Returns "" on success, else what failed.
std::string ApplyLandlock(const std::string& scratch, int abi) {
#ifdef SYS_landlock_create_ruleset
  const uint64_t handled = HandledAccess(abi);
  landlock_ruleset_attr attr{};
  attr.handled_access_fs = handled;
  int ruleset = static_cast<int>(syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0));
  if (ruleset < 0) return std::string("landlock_create_ruleset: ") + strerror(errno);
  const uint64_t read_dir = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;
  const uint64_t read_file = LANDLOCK_ACCESS_FS_READ_FILE;
  struct Rule {
    std::string path;
    uint64_t access;
  };
  // System libraries and data (lazy imports, shared libraries, fonts, time zones); the
  // scratch dir with every right; /dev/null and /dev/urandom for libraries that expect them.
  std::vector<Rule> rules = {
      {"/usr", read_dir},
      {"/lib", read_dir},
      {"/lib64", read_dir},
      {"/etc/ld.so.cache", read_file},
      {"/etc/localtime", read_file},
      {"/dev/null", read_file | LANDLOCK_ACCESS_FS_WRITE_FILE},
      {"/dev/urandom", read_file},
      {scratch, handled},
  };
  for (const Rule& r : rules) {
    int fd = open(r.path.c_str(), O_PATH | O_CLOEXEC);
    if (fd < 0) continue;  // e.g. no /lib64
    struct stat st {};
    fstat(fd, &st);
    landlock_path_beneath_attr pb{};
    pb.parent_fd = fd;
    pb.allowed_access = r.access & handled;
    if (!S_ISDIR(st.st_mode)) {
      // Rules on files may carry only file rights.
      pb.allowed_access &= LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE |
                           LANDLOCK_ACCESS_FS_EXECUTE
#ifdef LANDLOCK_ACCESS_FS_TRUNCATE
                           | (abi >= 3 ? LANDLOCK_ACCESS_FS_TRUNCATE : 0)
#endif
          ;
    }
    long rc = syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &pb, 0);
    int saved = errno;
    close(fd);
    if (rc != 0) {
      close(ruleset);
      return "landlock_add_rule " + r.path + ": " + strerror(saved);
    }
  }
  long rc = syscall(SYS_landlock_restrict_self, ruleset, 0);
  int saved = errno;
  close(ruleset);
  if (rc != 0) return std::string("landlock_restrict_self: ") + strerror(saved);
  return "";
#else
  return "landlock not compiled in";
#endif
}

// ---- seccomp ----------------------------------------------------------------------------

// The pid-independent filter, built by prepare() in the zygote and inherited by its children.
std::vector<sock_filter> g_filter;

// Builds the main filter with libseccomp and exports its BPF program.
std::string BuildFilter(std::vector<sock_filter>* program) {
  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
  if (ctx == nullptr) return "seccomp_init failed";
  const uint32_t deny = SCMP_ACT_ERRNO(EPERM);
  int rc = 0;
  auto add = [&](uint32_t action, const char* name) {
    int nr = seccomp_syscall_resolve_name(name);
    if (nr == __NR_SCMP_ERROR) return;  // not on this architecture
    if (int r = seccomp_rule_add(ctx, action, nr, 0); r != 0 && rc == 0) rc = r;
  };
  // Networking: the child talks to nobody; its result goes out on an inherited pipe.
  for (const char* name :
       {"socket", "socketpair", "connect", "bind", "listen", "accept", "accept4"})
    add(deny, name);
  // No new programs, no debugging or reading other processes, no namespace or mount games.
  for (const char* name : {"execve",
                           "execveat",
                           "ptrace",
                           "process_vm_readv",
                           "process_vm_writev",
                           "mount",
                           "umount2",
                           "pivot_root",
                           "chroot",
                           "unshare",
                           "setns",
                           "fork",
                           "vfork",
                           "bpf",
                           "perf_event_open",
                           "userfaultfd",
                           "io_uring_setup",
                           "io_uring_enter",
                           "io_uring_register",
                           "keyctl",
                           "add_key",
                           "request_key",
                           "open_by_handle_at",
                           "name_to_handle_at",
                           "init_module",
                           "finit_module",
                           "delete_module",
                           "kexec_load",
                           "kexec_file_load",
                           "reboot",
                           "swapon",
                           "swapoff",
                           "setuid",
                           "setgid",
                           "setreuid",
                           "setregid",
                           "setresuid",
                           "setresgid",
                           "setgroups",
                           "pidfd_open",
                           "pidfd_getfd",
                           "pidfd_send_signal",
                           "landlock_create_ruleset",
                           "landlock_add_rule",
                           "landlock_restrict_self",
                           "seccomp",
                           "personality",
                           "acct",
                           "quotactl",
                           "mknod",
                           "mknodat",
                           "sethostname",
                           "setdomainname",
                           "settimeofday",
                           "clock_settime",
                           "adjtimex",
                           "iopl",
                           "ioperm",
                           "syslog",
                           "tkill"})
    add(deny, name);
  // Threads yes, processes no: clone must carry CLONE_THREAD. clone3 hides its flags in
  // memory, so it answers ENOSYS and glibc falls back to clone.
  if (int r = seccomp_rule_add(ctx, deny, SCMP_SYS(clone), 1,
                               SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0));
      r != 0 && rc == 0)
    rc = r;
  add(SCMP_ACT_ERRNO(ENOSYS), "clone3");
  int fd = -1;
  if (rc == 0) {
    fd = memfd_create("bisandbox-bpf", MFD_CLOEXEC);
    if (fd < 0) rc = -errno;
  }
  if (rc == 0) rc = seccomp_export_bpf(ctx, fd);
  seccomp_release(ctx);
  if (rc == 0) {
    off_t size = lseek(fd, 0, SEEK_END);
    if (size <= 0 || size % sizeof(sock_filter) != 0) {
      rc = -EINVAL;
    } else {
      program->resize(static_cast<size_t>(size) / sizeof(sock_filter));
      if (pread(fd, program->data(), static_cast<size_t>(size), 0) != size) rc = -EIO;
    }
  }
  if (fd >= 0) close(fd);
  if (rc != 0) return std::string("seccomp: ") + strerror(-rc);
  return "";
}

// Signals only to itself: kill, tgkill and rt_(tg)sigqueueinfo with any first argument but
// this process's pid are refused (pid 0, negative process groups and -1 included). tkill is
// refused by the main filter. Other architectures are left to the main filter (which kills).
std::vector<sock_filter> SelfSignalFilter(pid_t self) {
#if defined(__x86_64__)
  constexpr uint32_t kArch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
  constexpr uint32_t kArch = AUDIT_ARCH_AARCH64;
#else
#error "SelfSignalFilter: unknown architecture"
#endif
  static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "args[0] low word first");
  const uint32_t arg0_low = offsetof(seccomp_data, args);
  const uint32_t arg0_high = arg0_low + 4;
  return {
      /* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      /* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kArch, 0, 9),  // else -> 11 allow
      /* 2 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      /* 3 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_kill, 3, 0),  // -> 7
      /* 4 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_tgkill, 2, 0),
      /* 5 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_rt_sigqueueinfo, 1, 0),
      /* 6 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_rt_tgsigqueueinfo, 0, 4),  // else -> 11
      /* 7 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, arg0_low),
      /* 8 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, static_cast<uint32_t>(self), 0, 3),  // -> 12
      /* 9 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, arg0_high),
      /* 10 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),  // else -> 12
      /* 11 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      /* 12 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
  };
}

std::string LoadFilter(const std::vector<sock_filter>& program, const char* what) {
  sock_fprog fprog{static_cast<unsigned short>(program.size()),
                   const_cast<sock_filter*>(program.data())};
  if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) != 0)
    return std::string("seccomp (") + what + "): " + strerror(errno);
  return "";
}

// Needs no_new_privs. The self-signal filter goes first: the main one refuses seccomp().
std::string ApplySeccomp() {
  if (g_filter.empty()) {
    // Not prepared (a process that did not come from a prepared zygote): build it now.
    if (std::string err = BuildFilter(&g_filter); !err.empty()) return err;
  }
  if (std::string err = LoadFilter(SelfSignalFilter(getpid()), "signals"); !err.empty()) return err;
  return LoadFilter(g_filter, "main");
}

PyObject* Prepare(PyObject*, PyObject*) {
  g_filter.clear();
  if (std::string err = BuildFilter(&g_filter); !err.empty()) {
    PyErr_SetString(PyExc_OSError, ("sandbox: " + err).c_str());
    return nullptr;
  }
  Py_RETURN_NONE;
}

// ---- enter() --------------------------------------------------------------------------------

PyObject* Enter(PyObject*, PyObject* args) {
  const char* scratch = nullptr;
  long long uid = -1, gid = -1, memory_bytes = 0, cpu_seconds = 0, file_bytes = 0, nofile = 0,
            nproc = 0;
  if (!PyArg_ParseTuple(args, "sLLLLLLL", &scratch, &uid, &gid, &memory_bytes, &cpu_seconds,
                        &file_bytes, &nofile, &nproc))
    return nullptr;
  auto fail = [](const std::string& what) -> PyObject* {
    PyErr_SetString(PyExc_OSError, ("sandbox: " + what).c_str());
    return nullptr;
  };
  if (chdir(scratch) != 0) return fail(std::string("chdir: ") + strerror(errno));
  auto limit = [&](int resource, rlim_t value, const char* name) -> bool {
    rlimit rl{value, value};
    if (setrlimit(resource, &rl) == 0) return true;
    fail(std::string("setrlimit ") + name + ": " + strerror(errno));
    return false;
  };
  if (memory_bytes > 0 && !limit(RLIMIT_AS, memory_bytes, "AS")) return nullptr;
  if (cpu_seconds > 0) {
    // Soft limit sends SIGXCPU (fatal), hard limit a second later SIGKILL. The limit counts
    // the process's whole life: add what it used before (a pre-forked child's warm-up).
    rusage used{};
    getrusage(RUSAGE_SELF, &used);
    const long long used_us = (used.ru_utime.tv_sec + used.ru_stime.tv_sec) * 1'000'000ll +
                              used.ru_utime.tv_usec + used.ru_stime.tv_usec;
    const long long before = (used_us + 999'999) / 1'000'000;
    rlimit rl{static_cast<rlim_t>(cpu_seconds + before),
              static_cast<rlim_t>(cpu_seconds + before + 1)};
    if (setrlimit(RLIMIT_CPU, &rl) != 0) return fail("setrlimit CPU");
  }
  if (file_bytes > 0 && !limit(RLIMIT_FSIZE, file_bytes, "FSIZE")) return nullptr;
  if (nofile > 0 && !limit(RLIMIT_NOFILE, nofile, "NOFILE")) return nullptr;
  if (!limit(RLIMIT_CORE, 0, "CORE")) return nullptr;
  const bool drop = getuid() == 0 && uid > 0;
  if (drop && nproc > 0 && !limit(RLIMIT_NPROC, nproc, "NPROC")) return nullptr;
  if (drop) {
    if (setgroups(0, nullptr) != 0) return fail(std::string("setgroups: ") + strerror(errno));
    if (setresgid(gid, gid, gid) != 0) return fail(std::string("setresgid: ") + strerror(errno));
    if (setresuid(uid, uid, uid) != 0) return fail(std::string("setresuid: ") + strerror(errno));
    if (setuid(0) == 0) return fail("could still become root");
  }
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return fail("no_new_privs");
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) return fail("dumpable");
  const int abi = LandlockAbi();
  std::string landlock = "unavailable";
  if (abi > 0) {
    std::string err = ApplyLandlock(scratch, abi);
    if (!err.empty()) return fail(err);
    landlock = "abi " + std::to_string(abi);
  }
  if (std::string err = ApplySeccomp(); !err.empty()) return fail(err);
  return Py_BuildValue("{s:s,s:O,s:L}", "landlock", landlock.c_str(), "uid_dropped",
                       drop ? Py_True : Py_False, "uid", static_cast<long long>(getuid()));
}

PyObject* LandlockAbiPy(PyObject*, PyObject*) {
  return PyLong_FromLong(LandlockAbi());
}

// ---- the audit hook -------------------------------------------------------------------------

bool g_armed = false;
std::string g_scratch;               // with a trailing '/'
PyObject* g_allowed_code = nullptr;  // the one code object allowed to run via exec
int g_exec_left = 0;

bool StartsWith(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

// Fresh loads refused by the audit hook. Narrower than the harness's import rules (which
// apply to the card's own import statements): libraries load private helpers lazily.
const char* const kBlockedModules[] = {
    "ctypes", "_ctypes",      "subprocess",      "_posixsubprocess",
    "socket", "_socket",      "multiprocessing", "_multiprocessing",
    "pty",    "mmap",         "resource",        "fcntl",
    "cffi",   "_cffi_backend"};

bool ModuleBlocked(const std::string& name) {
  std::string top = name.substr(0, name.find('.'));
  for (const char* b : kBlockedModules)
    if (top == b) return true;
  return false;
}

// Decides on an `open` event: (path, mode, flags).
bool OpenAllowed(PyObject* args) {
  if (!PyTuple_Check(args) || PyTuple_GET_SIZE(args) < 1) return false;
  PyObject* path_obj = PyTuple_GET_ITEM(args, 0);
  std::string path;
  if (PyUnicode_Check(path_obj)) {
    const char* p = PyUnicode_AsUTF8(path_obj);
    if (p == nullptr) return false;
    path = p;
  } else if (PyBytes_Check(path_obj)) {
    path.assign(PyBytes_AS_STRING(path_obj), PyBytes_GET_SIZE(path_obj));
  } else {
    return false;  // descriptors: none worth opening
  }
  if (path.empty() || path.find('\0') != std::string::npos) return false;
  bool writing = false;
  if (PyTuple_GET_SIZE(args) >= 2 && PyUnicode_Check(PyTuple_GET_ITEM(args, 1))) {
    const char* mode = PyUnicode_AsUTF8(PyTuple_GET_ITEM(args, 1));
    if (mode && strpbrk(mode, "wax+")) writing = true;
  }
  if (PyTuple_GET_SIZE(args) >= 3 && PyLong_Check(PyTuple_GET_ITEM(args, 2))) {
    long flags = PyLong_AsLong(PyTuple_GET_ITEM(args, 2));
    if (flags != -1 && (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND))) writing = true;
  }
  // No ".." anywhere: a relative path then stays in the scratch dir (the cwd).
  std::string padded = "/" + path + "/";
  if (padded.find("/../") != std::string::npos) return false;
  if (path[0] != '/') return true;
  if (StartsWith(path + "/", g_scratch.c_str())) return true;
  if (!writing && StartsWith(path, "/usr/")) return true;
  return false;
}

int AuditHook(const char* event, PyObject* args, void*) {
  if (!g_armed) return 0;
  std::string e = event;
  auto refuse = [&](const std::string& why) {
    PyErr_SetString(PyExc_PermissionError, ("blocked by the card sandbox: " + why).c_str());
    return -1;
  };
  if (e == "exec") {
    PyObject* code =
        PyTuple_Check(args) && PyTuple_GET_SIZE(args) > 0 ? PyTuple_GET_ITEM(args, 0) : nullptr;
    if (code != nullptr && code == g_allowed_code && g_exec_left > 0) {
      --g_exec_left;
      return 0;
    }
    // Installed libraries exec/eval their own strings (collections.namedtuple and dataclasses
    // for pandas' itertuples, plotly's validators). Such code runs under the same hook and OS
    // layer; the card itself (and code it made with exec) may not.
    if (PyFrameObject* frame = PyEval_GetFrame()) {
      PyCodeObject* caller = PyFrame_GetCode(frame);
      const char* file = caller ? PyUnicode_AsUTF8(caller->co_filename) : nullptr;
      // Module bodies run through importlib's exec: lazy imports of installed libraries.
      const bool stdlib = file && (StartsWith(file, "/usr/lib/python3") ||
                                   StartsWith(file, "<frozen importlib._bootstrap"));
      Py_XDECREF(caller);
      if (stdlib) return 0;
    }
    return refuse("exec/eval");
  }
  if (e == "open") {
    if (OpenAllowed(args)) return 0;
    PyObject* p =
        PyTuple_Check(args) && PyTuple_GET_SIZE(args) > 0 ? PyTuple_GET_ITEM(args, 0) : nullptr;
    PyObject* s = p ? PyObject_Str(p) : nullptr;
    std::string shown = s && PyUnicode_Check(s) ? PyUnicode_AsUTF8(s) : "?";
    Py_XDECREF(s);
    PyErr_Clear();
    return refuse("open(" + shown + ") outside the scratch directory");
  }
  if (e == "import") {
    PyObject* name =
        PyTuple_Check(args) && PyTuple_GET_SIZE(args) > 0 ? PyTuple_GET_ITEM(args, 0) : nullptr;
    if (name && PyUnicode_Check(name)) {
      const char* n = PyUnicode_AsUTF8(name);
      if (n && ModuleBlocked(n)) return refuse(std::string("import of ") + n);
    }
    return 0;
  }
  if (e == "os.listdir" || e == "os.scandir") {
    // Import machinery lists package directories; reading system directories is harmless
    // (Landlock allows the same), listing anything else is refused.
    PyObject* p =
        PyTuple_Check(args) && PyTuple_GET_SIZE(args) > 0 ? PyTuple_GET_ITEM(args, 0) : nullptr;
    const char* path = p && PyUnicode_Check(p) ? PyUnicode_AsUTF8(p) : nullptr;
    if (path != nullptr) {
      std::string s = path;
      std::string padded = "/" + s + "/";
      if (padded.find("/../") == std::string::npos &&
          (StartsWith(s, "/usr/") || StartsWith(s + "/", g_scratch.c_str()) ||
           (!s.empty() && s[0] != '/')))
        return 0;
    }
    PyErr_Clear();
    return refuse(e);
  }
  static const char* const kPrefixes[] = {
      "os.",          "subprocess.",      "socket.",          "ctypes.",        "shutil.",
      "pty.",         "signal.",          "sys.addaudithook", "sys.setprofile", "sys.settrace",
      "code.__new__", "function.__new__", "resource.",        "mmap.",          "winreg.",
      "cpython.run_", "webbrowser.",      "_posixsubprocess"};
  for (const char* p : kPrefixes)
    if (StartsWith(e, p)) return refuse(e);
  return 0;
}

PyObject* Arm(PyObject*, PyObject* args) {
  const char* scratch = nullptr;
  PyObject* code = nullptr;
  if (!PyArg_ParseTuple(args, "sO", &scratch, &code)) return nullptr;
  if (g_armed || g_allowed_code != nullptr) {
    PyErr_SetString(PyExc_PermissionError, "blocked by the card sandbox: already armed");
    return nullptr;
  }
  if (!PyCode_Check(code)) {
    PyErr_SetString(PyExc_TypeError, "arm() needs a code object");
    return nullptr;
  }
  g_scratch = std::string(scratch) + "/";
  Py_INCREF(code);
  g_allowed_code = code;
  g_exec_left = 1;
  if (PySys_AddAuditHook(AuditHook, nullptr) != 0) return nullptr;
  g_armed = true;
  Py_RETURN_NONE;
}

PyMethodDef kMethods[] = {
    {"prepare", Prepare, METH_NOARGS, "Build the seccomp program once, for forked children."},
    {"enter", Enter, METH_VARARGS, "Apply the OS sandbox to this process (irreversible)."},
    {"arm", Arm, METH_VARARGS, "Install the audit hook allowing one exec of the given code."},
    {"landlock_abi", LandlockAbiPy, METH_NOARGS, "Landlock ABI version, 0 if unavailable."},
    {nullptr, nullptr, 0, nullptr}};

PyModuleDef kModule = {PyModuleDef_HEAD_INIT,
                       "_bisandbox",
                       "bi-tool card sandbox",
                       -1,
                       kMethods,
                       nullptr,
                       nullptr,
                       nullptr,
                       nullptr};

}  // namespace

PyMODINIT_FUNC PyInit__bisandbox() {
  return PyModule_Create(&kModule);
}
