// The bytes `gpudoctor explain` reads (explain/log_input.hpp): bounded, only files and pipes by
// name, UTF-16 decoded. The CLI tests run the real binary on /dev/zero, a 10 GB sparse file
// and real UTF-16 copies of a corpus log (tests/fixtures/encodings/README.md).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <istream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "../cli/cli_test_util.hpp"
#include "explain/log_input.hpp"

namespace gpudoctor::explain {
namespace {

namespace fs = std::filesystem;

std::string utf16(std::string_view ascii, bool le) {
  std::string out;
  for (char c : ascii) {
    out += le ? c : '\0';
    out += le ? '\0' : c;
  }
  return out;
}

TEST(LogInputEncoding, ByteOrderMarksAndBomlessUtf16le) {
  size_t bom = 0;
  EXPECT_EQ(detect_encoding("\xef\xbb\xbfhello world", bom), Encoding::utf8);
  EXPECT_EQ(bom, 3u);
  EXPECT_EQ(detect_encoding("\xff\xfe" + utf16("hi", true), bom), Encoding::utf16le);
  EXPECT_EQ(bom, 2u);
  EXPECT_EQ(detect_encoding("\xfe\xff" + utf16("hi", false), bom), Encoding::utf16be);
  EXPECT_EQ(bom, 2u);
  EXPECT_EQ(detect_encoding(utf16("2024-06-19 16:03:51 W tensorflow\r\n", true), bom), Encoding::utf16le);
  EXPECT_EQ(bom, 0u);
  EXPECT_EQ(detect_encoding(utf16("2024-06-19 16:03:51 W tensorflow\r\n", false), bom), Encoding::utf16be);
  EXPECT_EQ(detect_encoding("plain UTF-8 log line\n", bom), Encoding::utf8);
  EXPECT_EQ(detect_encoding(std::string(4096, '\0'), bom), Encoding::utf8);  // /dev/zero is not UTF-16
  EXPECT_EQ(detect_encoding("ab", bom), Encoding::utf8);
}

TEST(LogInputEncoding, Utf16ToUtf8WithSurrogatesAndSplits) {
  std::string out;
  // "é€😀" in UTF-16LE: E9 00, AC 20, 3D D8 00 DE
  std::string le("\xe9\x00\xac\x20\x3d\xd8\x00\xde", 8);
  EXPECT_EQ(utf16_to_utf8(le, true, true, out), 8u);
  EXPECT_EQ(out, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
  // Split inside the surrogate pair: the high half waits for the next chunk.
  out.clear();
  EXPECT_EQ(utf16_to_utf8(le.substr(0, 6), true, false, out), 4u);
  EXPECT_EQ(out, "\xc3\xa9\xe2\x82\xac");
  // A lone low surrogate and an odd last byte at the end become U+FFFD.
  out.clear();
  EXPECT_EQ(utf16_to_utf8(std::string("\x00\xdc\x41", 3), true, true, out), 3u);
  EXPECT_EQ(out, "\xef\xbf\xbd\xef\xbf\xbd");
}

TEST(LogInputSize, ParsesSuffixesAndRejectsNonsense) {
  EXPECT_EQ(parse_byte_size("65536"), 65536u);
  EXPECT_EQ(parse_byte_size("64K"), 65536u);
  EXPECT_EQ(parse_byte_size("1MiB"), 1u << 20);
  EXPECT_EQ(parse_byte_size("4G"), 4ull << 30);
  EXPECT_EQ(parse_byte_size("2tb"), 2ull << 40);
  for (const char* bad : {"", "0", "-1", "1.5G", "G", "12Q", "1 G", "99999999999999999999", "16777216T"})
    EXPECT_FALSE(parse_byte_size(bad).has_value()) << bad;
}

std::string read_all(LogInput& in) {
  std::istream is(&in);
  std::stringstream ss;
  ss << is.rdbuf();
  return ss.str();
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "gd-log-input-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path / name, std::ios::binary) << bytes;
    return path / name;
  }
};

TEST(LogInput, StopsAtTheLimitAndSaysSo) {
  TempDir t;
  auto p = t.write("big.log", std::string(10000, 'x'));
  auto in = LogInput::open(p.string(), 4096);
  EXPECT_EQ(read_all(*in).size(), 4096u);
  EXPECT_TRUE(in->limit_hit());
  EXPECT_EQ(in->bytes_read(), 4096u);
  auto exact = LogInput::open(t.write("exact.log", std::string(4096, 'y')).string(), 4096);
  EXPECT_EQ(read_all(*exact).size(), 4096u);
  EXPECT_FALSE(exact->limit_hit());  // nothing followed the limit
}

TEST(LogInput, DecodesUtf16AcrossChunksAndDropsTheMark) {
  TempDir t;
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "line " + std::to_string(i) + " \xc3\xa9\n";
  // Encode the same text as UTF-16LE with a mark (every char here is in the BMP).
  std::string le = "\xff\xfe";
  for (size_t i = 0; i < text.size();) {
    auto b = static_cast<unsigned char>(text[i]);
    uint32_t cp = b;
    if (b >= 0xc0) {
      cp = ((b & 0x1fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3fu);
      i += 2;
    } else {
      ++i;
    }
    le += static_cast<char>(cp & 0xff);
    le += static_cast<char>(cp >> 8);
  }
  auto in = LogInput::open(t.write("u16.log", le).string());
  EXPECT_EQ(in->encoding(), Encoding::utf16le);
  EXPECT_EQ(read_all(*in), text);
  auto plain = LogInput::open(t.write("bom8.log", "\xef\xbb\xbfok\n").string());
  EXPECT_EQ(read_all(*plain), "ok\n");
}

TEST(LogInput, RefusesDevicesDirectoriesAndSocketsButReadsPipes) {
  for (const char* path : {"/dev/zero", "/dev/null", "/"}) {
    EXPECT_THROW(LogInput::open(path), InputError) << path;
  }
  try {
    LogInput::open("/dev/zero");
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("character device"), std::string::npos) << e.what();
  }
  EXPECT_THROW(LogInput::open("/nonexistent/log"), InputError);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "from a pipe\n", 12), 12);
  ::close(fds[1]);
  auto in = LogInput::open("/dev/fd/" + std::to_string(fds[0]));  // as <(cmd) gives it
  EXPECT_EQ(read_all(*in), "from a pipe\n");
  ::close(fds[0]);
}

// The real binary, through the CLI tests' one shell runner.
gdtest::CmdResult sh(const std::string& cmd) { return gdtest::run_shell(cmd); }

const std::string kBin = GD_BINARY;
const std::string kFixtures = GD_FIXTURES;

TEST(ExplainInputCli, DevZeroIsRefusedWithExitTwo) {
  auto r = sh("timeout 20 '" + kBin + "' explain --no-probe /dev/zero 2>&1");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("cannot read log file /dev/zero: is a character device"), std::string::npos) << r.out;
}

TEST(ExplainInputCli, StdinFromDevZeroStopsAtTheLimitWithANote) {
  auto r = sh("timeout 20 '" + kBin + "' --json explain --no-probe --max-bytes 1M - < /dev/zero");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["stats"]["bytes"], 1u << 20);
  EXPECT_NE(j["notes"].dump().find("stopped after the first 1048576 bytes"), std::string::npos) << j["notes"];
}

TEST(ExplainInputCli, TenGigabyteSparseFileFinishesWithinASmallLimit) {
  TempDir t;
  fs::path p = t.path / "zeros.log";
  ASSERT_EQ(std::system(("truncate -s 10G '" + p.string() + "'").c_str()), 0);
  ASSERT_EQ(fs::file_size(p), 10ull << 30);
  auto r = sh("timeout 60 '" + kBin + "' explain --no-probe --max-bytes 8M --max-line-bytes 4096 '" + p.string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("stopped after the first 8388608 bytes (--max-bytes 8M)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("overlong line(s) were cut"), std::string::npos) << r.out;
  fs::remove(p);
  EXPECT_FALSE(fs::exists(p));
}

TEST(ExplainInputCli, BadLimitsAreUsageErrors) {
  const std::string log = kFixtures + "/logs/tf-cusolver-needs-nvjitlink.log";
  for (const char* opt : {"--max-bytes 0", "--max-bytes lots", "--max-bytes 1.5G", "--max-line-bytes 10",
                          "--max-line-bytes 999999999999"}) {
    auto r = sh("'" + kBin + "' explain --no-probe " + opt + " '" + log + "' 2>&1");
    EXPECT_EQ(r.exit_code, 2) << opt << ": " << r.out;
  }
}

std::set<std::string> finding_codes(const std::string& json) {
  std::set<std::string> codes;
  const auto j = nlohmann::json::parse(json);  // not in the for: the temporary would die before the loop
  for (const auto& f : j["findings"]) codes.insert(f["code"].get<std::string>());
  return codes;
}

// A UTF-16 log used to give "no known problem"; each encoding now gives the findings of the
// UTF-8 original, from a file and from standard input.
TEST(ExplainInputCli, Utf16CopiesOfACorpusLogGiveTheSameFindings) {
  const std::string orig = kFixtures + "/logs/tf-cusolver-needs-nvjitlink.log";
  auto base = sh("'" + kBin + "' --json explain --no-probe '" + orig + "'");
  ASSERT_EQ(base.exit_code, 1);
  auto want = finding_codes(base.out);
  ASSERT_EQ(want.count("X801"), 1u);
  for (const char* name : {"tf-cusolver-needs-nvjitlink.utf16-bom.log", "tf-cusolver-needs-nvjitlink.utf16le-crlf.log",
                           "tf-cusolver-needs-nvjitlink.utf16be-bom.log"}) {
    const std::string path = kFixtures + "/encodings/" + name;
    auto file = sh("'" + kBin + "' --json explain --no-probe '" + path + "'");
    EXPECT_EQ(file.exit_code, 1) << name;
    EXPECT_EQ(finding_codes(file.out), want) << name;
    EXPECT_NE(file.out.find("it was decoded to UTF-8"), std::string::npos) << name;
    auto piped = sh("cat '" + path + "' | '" + kBin + "' --json explain --no-probe -");
    EXPECT_EQ(finding_codes(piped.out), want) << name << " on stdin";
  }
}

}  // namespace
}  // namespace gpudoctor::explain
