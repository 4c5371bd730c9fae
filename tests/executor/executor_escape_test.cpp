// Escape attempts, each asserted to fail for the reason intended: the Python layer (blocked
// imports and builtins), the C audit hook (open outside the scratch dir, os.*, socket, ctypes,
// exec), and the OS layer (Landlock, seccomp, rlimits, uid) on its own, without the Python
// layer, in OsLayerAloneStopsWhatPythonLetsThrough.

#include <cstdlib>

#include <gtest/gtest.h>

#include "executor_fixture.h"

namespace bi::testing {
namespace {

using nlohmann::json;

struct Attempt {
  std::string name;
  std::string code;
  std::string type;     // expected exception type
  std::string message;  // expected substring of the message
};

// A class reachable from any object, whatever the card's builtins: the classic recovery path.
const std::string kSubclass =
    "def sub(name):\n"
    "    return [c for c in ().__class__.__base__.__subclasses__() if c.__name__ == name][0]\n";
const std::string kRealBuiltins = kSubclass + "B = sub('catch_warnings')()._module.__builtins__\n";

std::vector<Attempt> Attempts(int port) {
  const std::string blocked = "blocked by the card sandbox";
  const std::string p = std::to_string(port);
  return {
      {"open builtin", "open('/etc/passwd').read()", "NameError", "'open' is not defined"},
      {"eval builtin", "eval('1+1')", "NameError", "'eval' is not defined"},
      {"exec builtin", "exec('x = 1')", "NameError", "'exec' is not defined"},
      {"compile builtin", "compile('1', 'x', 'eval')", "NameError", "'compile' is not defined"},
      {"input builtin", "input()", "NameError", "'input' is not defined"},
      {"breakpoint builtin", "breakpoint()", "NameError", "'breakpoint' is not defined"},
      {"import os", "import os", "ImportError", "'os' is blocked"},
      {"import sys", "import sys", "ImportError", "'sys' is blocked"},
      {"import subprocess", "import subprocess", "ImportError", "'subprocess' is blocked"},
      {"import socket", "import socket", "ImportError", "'socket' is blocked"},
      {"import _socket", "import _socket", "ImportError", "'_socket' is blocked"},
      {"import _posixsubprocess", "import _posixsubprocess", "ImportError", "is blocked"},
      {"import importlib", "import importlib", "ImportError", "'importlib' is blocked"},
      {"import ctypes", "import ctypes", "ImportError", "'ctypes' is blocked"},
      {"import pickle", "import pickle", "ImportError", "'pickle' is blocked"},
      {"import shutil", "import shutil", "ImportError", "'shutil' is blocked"},
      {"import pathlib", "import pathlib", "ImportError", "'pathlib' is blocked"},
      {"import multiprocessing", "import multiprocessing", "ImportError", "is blocked"},
      {"import urllib", "import urllib.request", "ImportError", "'urllib.request' is blocked"},
      {"__import__ hook", "__import__('os')", "ImportError", "'os' is blocked"},
      {"io file access", "import io\nio.FileIO('/etc/passwd')", "AttributeError", "FileIO"},
      {"real builtins open /etc/passwd", kRealBuiltins + "B['open']('/etc/passwd').read()",
       "PermissionError", blocked + ": open(/etc/passwd)"},
      {"real builtins exec", kRealBuiltins + "B['exec']('x = 1')", "PermissionError",
       blocked + ": exec/eval"},
      {"real builtins __import__ os.system", kRealBuiltins + "B['__import__']('os').system('id')",
       "PermissionError", blocked + ": os.system"},
      {"subclasses os._wrap_close globals",
       kSubclass + "sub('_wrap_close').__init__.__globals__['system']('true')", "PermissionError",
       blocked + ": os.system"},
      {"read /proc/self/environ", "pd.io.common.os.open('/proc/self/environ', 0)",
       "PermissionError", blocked + ": open(/proc/self/environ)"},
      {"parent environment", "pd.read_csv('/proc/%d/environ' % pd.io.common.os.getppid())",
       "PermissionError", "outside the scratch directory"},
      {"pd.io.common.os listdir", "pd.io.common.os.listdir('/')", "PermissionError",
       blocked + ": os.listdir"},
      {"pandas read_csv absolute", "pd.read_csv('/etc/passwd')", "PermissionError",
       blocked + ": open(/etc/passwd)"},
      {"pandas to_pickle absolute", "df.to_pickle('/tmp/bi-escape.pkl')", "PermissionError",
       blocked + ": open(/tmp/bi-escape.pkl)"},
      {"pandas to_csv outside via ..", "df.to_csv('../../bi-escape.csv')", "PermissionError",
       "outside the scratch directory"},
      {"numpy load absolute", "np.load('/etc/passwd')", "PermissionError",
       blocked + ": open(/etc/passwd)"},
      {"numpy loadtxt absolute", "np.loadtxt('/etc/shadow')", "PermissionError",
       "outside the scratch directory"},
      {"np.ctypeslib CDLL", "np.ctypeslib.ctypes.CDLL(None)", "PermissionError",
       blocked + ": ctypes"},
      {"np.ctypeslib string_at", "np.ctypeslib.ctypes.string_at(4096, 8)", "PermissionError",
       blocked + ": ctypes"},
      {"matplotlib savefig absolute", "fig = plt.figure()\nfig.savefig('/tmp/bi-escape.png')",
       "PermissionError", blocked + ": open(/tmp/bi-escape.png)"},
      {"write outside scratch with real open",
       kRealBuiltins + "B['open']('/tmp/bi-escape.txt', 'w').write('x')", "PermissionError",
       "outside the scratch directory"},
      {"tcp connect to 127.0.0.1 via socket class",
       kSubclass + "s = sub('socket')(2, 1)\ns.connect(('127.0.0.1', " + p + "))",
       "PermissionError", blocked + ": socket"},
      {"pandas read_csv over http", "pd.read_csv('http://127.0.0.1:" + p + "/health')", "URLError",
       blocked + ": socket"},
      {"signal the parent", "o = pd.io.common.os\no.kill(o.getppid(), 9)", "PermissionError",
       blocked + ": os.kill"},
      {"spawn a process", "pd.io.common.os.posix_spawn('/bin/sh', ['sh'], {})", "PermissionError",
       blocked + ": os.posix_spawn"},
      {"exec a program", "pd.io.common.os.execv('/bin/sh', ['sh'])", "PermissionError",
       blocked + ": os.exec"},
      {"fork", "pd.io.common.os.fork()", "PermissionError", blocked + ": os.fork"},
      {"chmod outside", "pd.io.common.os.chmod('/tmp', 0o777)", "PermissionError",
       blocked + ": os.chmod"},
  };
}

TEST(ExecutorEscapes, EveryAttemptFailsForTheIntendedReason) {
  ExecutorEnv& env = ExecutorEnv::Get();
  auto attempts = Attempts(env.port());
  ASSERT_GE(attempts.size(), 30u);
  for (const Attempt& a : attempts) {
    SCOPED_TRACE(a.name);
    ExecReply r = RunCard(a.code);
    ASSERT_EQ(r.status, 422) << r.raw;
    EXPECT_EQ(r.json["error"]["code"], "user_code_error") << r.raw;
    EXPECT_EQ(r.json["error"]["details"]["type"], a.type) << r.raw;
    EXPECT_NE(r.json["error"]["details"]["message"].get<std::string>().find(a.message),
              std::string::npos)
        << r.raw;
  }
}

TEST(ExecutorEscapes, TheScratchDirectoryIsWritableAndRemovedAfterTheRun) {
  ExecReply r = RunCard(
      "df.to_csv('out.csv', index=False)\n"
      "back = pd.read_csv('out.csv')\n"
      "fig = plt.figure()\nfig.savefig('chart.png')\n"
      "result = {'rows': len(back), 'cwd': pd.io.common.os.getcwd()}");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.json["result"]["value"]["rows"], 1000);
  const std::string cwd = r.json["result"]["value"]["cwd"];
  EXPECT_FALSE(std::filesystem::exists(cwd)) << cwd;
}

TEST(ExecutorEscapes, TheEnvironmentHoldsNoSecrets) {
  ExecReply r = RunCard("result = sorted(pd.io.common.os.environ.keys())");
  ASSERT_EQ(r.status, 200) << r.raw;
  for (const auto& key : r.json["result"]["value"]) {
    const std::string k = key;
    EXPECT_EQ(k.find("SECRET"), std::string::npos) << k;
    EXPECT_EQ(k.find("AWS"), std::string::npos) << k;
    EXPECT_EQ(k.find("JWT"), std::string::npos) << k;
    EXPECT_EQ(k.find("S3_"), std::string::npos) << k;
  }
}

// The OS layer without the Python layer: a script forks, calls _bisandbox.enter() and tries
// what the audit hook would otherwise have stopped first.
TEST(ExecutorEscapes, OsLayerAloneStopsWhatPythonLetsThrough) {
  TempDir scratch;
  chmod(scratch.path().c_str(), 0777);
  const std::string cmd = std::string("/usr/bin/python3 -I -B ") + BI_SOURCE_DIR +
                          "/tests/executor/os_layer_check.py " + executor::DefaultRuntimeDir() +
                          " " + scratch.path() + " 2>&1";
  FILE* f = popen(cmd.c_str(), "r");
  ASSERT_NE(f, nullptr);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  int rc = pclose(f);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("all checks passed"), std::string::npos) << out;
}

}  // namespace
}  // namespace bi::testing
