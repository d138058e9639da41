#include "deep/deep_check.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>

#include <nlohmann/json.hpp>

#include "kb/embedded.hpp"
#include "util/strings.hpp"

namespace gpudoctor::deep {
namespace {

constexpr size_t kMaxOutput = 4u << 20;   // per stream; a framework may be chatty
constexpr size_t kLogHead = 48u << 10;    // the log kept in the facts: its start (the
constexpr size_t kLogTail = 16u << 10;    // load errors) and its end (the last words)

bool executable(const std::string& p) {
  struct stat st {};
  return !p.empty() && ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
}

std::string one_line(std::string s) {
  auto nl = s.find_first_of("\r\n");
  if (nl != std::string::npos) s.resize(nl);
  return s;
}

std::string fmt_seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g s", s);
  return buf;
}

std::string display(const std::string& fw) {
  if (fw == "tensorflow") return "TensorFlow";
  if (fw == "torch") return "PyTorch";
  if (fw == "jax") return "JAX";
  return fw;
}

}  // namespace

std::string check_script(std::string_view framework) {
  if (framework != "tensorflow" && framework != "torch" && framework != "jax") return "";
  auto embedded = [](const std::string& path) -> std::string_view {
    for (const auto& f : kb::embedded_files())
      if (f.path == path) return f.content;
    return "";
  };
  std::string_view prelude = embedded("src/deep/scripts/_prelude.py");
  std::string_view body = embedded("src/deep/scripts/" + std::string(framework) + ".py");
  if (prelude.empty() || body.empty()) return "";
  return std::string(prelude) + "\n" + std::string(body);
}

std::string python_for(const facts::FrameworkFacts& fw, const facts::FrameworkInstall& inst,
                       const std::map<std::string, std::string>& env) {
  for (const char* exe : {"/bin/python3", "/bin/python"})
    if (executable(inst.env_prefix + exe)) return inst.env_prefix + exe;
  for (const auto& e : fw.environments)
    if (e.prefix == inst.env_prefix && executable(e.python)) return e.python;
  // The user site (~/.local) has no interpreter of its own: the system one of that version runs it.
  if (!inst.python_version.empty()) {
    auto it = env.find("PATH");
    std::string found = util::find_in_path("python" + inst.python_version, it == env.end() ? "" : it->second);
    if (!found.empty()) return found;
  }
  return "";
}

void read_outcome(facts::DeepCheck& c, const util::RunResult& r) {
  c.exit_code = r.exit_code;
  c.signal = r.term_signal;
  if (r.err.size() > kLogHead + kLogTail) {
    c.log = r.err.substr(0, kLogHead) + "\n[... " + std::to_string(r.err.size() - kLogHead - kLogTail) +
            " bytes left out ...]\n" + r.err.substr(r.err.size() - kLogTail);
    c.log_truncated = true;
  } else {
    c.log = r.err;
    c.log_truncated = r.output_truncated;
  }
  if (r.timed_out) {
    c.status = "timeout";
    c.error = "no answer within " + fmt_seconds(c.timeout_s);
    return;
  }
  // The result is the last line that is the check's JSON object; the framework or a
  // sitecustomize may print other lines before it.
  nlohmann::json j;
  auto lines = util::split_lines(r.out);
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    if (util::trim(*it).empty() || util::trim(*it).front() != '{') continue;
    auto parsed = nlohmann::json::parse(*it, nullptr, false);
    if (parsed.is_object() && parsed.contains("gpudoctor_deep")) {
      j = std::move(parsed);
      break;
    }
  }
  if (!j.is_object()) {
    bool never_ran = r.out.empty() && r.err.empty() &&
                     (util::starts_with(r.error, "program not found") || util::starts_with(r.error, "cannot execute"));
    c.status = never_ran ? "not_run" : "crashed";
    c.error = !r.error.empty() ? r.error : "exited with status " + std::to_string(r.exit_code) + " without a result";
    return;
  }
  auto str = [&](const char* k) {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto strs = [&](const char* k) {
    std::vector<std::string> v;
    auto it = j.find(k);
    if (it != j.end() && it->is_array())
      for (const auto& x : *it)
        if (x.is_string()) v.push_back(x.get<std::string>());
    return v;
  };
  if (auto it = j.find("import_s"); it != j.end() && it->is_number()) c.import_s = it->get<double>();
  if (auto it = j.find("gpu_count"); it != j.end() && it->is_number_integer()) c.gpu_count = it->get<int>();
  c.imported_version = str("version");
  c.devices = strs("devices");
  c.notes = strs("notes");
  c.matmul_device = str("matmul_device");
  c.error = one_line(str("error"));
  std::string stage = str("stage");
  c.status = stage == "done" ? "ok" : stage == "import" ? "import_failed" : "check_failed";
  if (c.status != "ok" && c.error.empty()) c.error = "stopped at " + stage;
}

facts::DeepCheck run_check(const facts::FrameworkInstall& inst, const std::string& python, const DeepOptions& opt) {
  facts::DeepCheck c;
  c.framework = inst.framework;
  c.version = inst.version;
  c.env_prefix = inst.env_prefix;
  c.python = python;
  c.timeout_s = opt.timeout_s;
  const std::string script = check_script(inst.framework);
  if (script.empty()) {
    c.status = "not_run";
    c.error = "no check for " + inst.framework;
    return c;
  }
  if (python.empty()) {
    c.status = "not_run";
    c.error = "no Python interpreter found for " + inst.env_prefix;
    return c;
  }
  auto env = opt.env;
  // The log is what gets explained: a TF_CPP_MIN_LOG_LEVEL the user set to hide it
  // would hide the reason too.
  env["TF_CPP_MIN_LOG_LEVEL"] = "0";
  // `python -c`, not `-I`: isolated mode would drop the PYTHONPATH users rely on. The
  // script removes only the cwd entry from sys.path.
  auto t0 = std::chrono::steady_clock::now();
  auto r = util::run_command({python, "-c", std::string(script)}, static_cast<int>(opt.timeout_s * 1000), kMaxOutput,
                             &env);
  c.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  read_outcome(c, r);
  return c;
}

void run_deep_checks(facts::FrameworkFacts& fw, const DeepOptions& opt) {
  std::vector<const facts::FrameworkInstall*> todo;
  for (const auto& inst : fw.installs)
    if (opt.framework.empty() || inst.framework == opt.framework) todo.push_back(&inst);
  for (size_t i = 0; i < todo.size(); ++i) {
    const auto& inst = *todo[i];
    std::string what = display(inst.framework) + " " + inst.version + " in " + inst.env_prefix;
    if (opt.progress) {
      std::fprintf(opt.progress, "\r\033[Kgpudoctor --deep [%zu/%zu] %s: importing (timeout %s)...", i + 1,
                   todo.size(), what.c_str(), fmt_seconds(opt.timeout_s).c_str());
      std::fflush(opt.progress);
    }
    auto c = run_check(inst, python_for(fw, inst, opt.env), opt);
    if (opt.progress) {
      std::fprintf(opt.progress, "\r\033[Kgpudoctor --deep [%zu/%zu] %s: %s (%.1f s)\n", i + 1, todo.size(),
                   what.c_str(), c.status.c_str(), c.elapsed_s);
      std::fflush(opt.progress);
    }
    fw.deep.push_back(std::move(c));
  }
}

}  // namespace gpudoctor::deep
