#include "parse/elf_reader.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/strings.hpp"

namespace gpudoctor::parse {
namespace {

// Builds a small shared-library-shaped ELF of any class and byte order: one
// PT_LOAD mapping the whole file at kBase, PT_DYNAMIC, .dynstr, .dynamic,
// .nv_fatbin, .shstrtab, and the section header table last (so every truncation
// cuts something the parser needs).
constexpr uint64_t kBase = 0x10000;

// A string literal with its embedded NULs, without the terminating one.
template <size_t N>
std::string lit(const char (&s)[N]) {
  return std::string(s, N - 1);
}

class ElfBuilder {
 public:
  ElfBuilder(bool is64, bool little) : is64_(is64), little_(little) {}

  std::string build() {
    const uint64_t ehdr = is64_ ? 64 : 52, phent = is64_ ? 56 : 32, shent = is64_ ? 64 : 40;
    const uint64_t dynent = is64_ ? 16 : 8;
    const std::string dynstr = lit("\0libfoo.so.1\0libbar.so.2\0/opt/a::/opt/b\0$ORIGIN/../lib\0");
    const std::string shstrtab = lit("\0.dynstr\0.dynamic\0.nv_fatbin\0.shstrtab\0");
    const std::string fatbin = "FATBINDATA......";

    phoff = ehdr;
    dynstr_off = phoff + 2 * phent;
    dyn_off = align(dynstr_off + dynstr.size(), 8);
    const uint64_t ndyn = 7;
    fatbin_off = dyn_off + ndyn * dynent;
    shstrtab_off = fatbin_off + fatbin.size();
    shoff = align(shstrtab_off + shstrtab.size(), 8);
    const uint64_t shnum = 5;
    out_.assign(shoff + shnum * shent, '\0');

    // e_ident
    out_.replace(0, 4, "\x7f" "ELF");
    out_[4] = static_cast<char>(is64_ ? 2 : 1);
    out_[5] = static_cast<char>(little_ ? 1 : 2);
    out_[6] = 1;
    out_[7] = 3;  // ELFOSABI_GNU, to check it is copied through
    out_[8] = 1;
    put(16, 3, 2);                       // e_type ET_DYN
    put(18, is64_ ? 62 : 3, 2);          // EM_X86_64 / EM_386
    put(20, 1, 4);                       // e_version
    put(is64_ ? 32 : 28, phoff, word());
    put(is64_ ? 40 : 32, shoff, word());
    put(is64_ ? 48 : 36, 0x1234, 4);     // e_flags
    put(is64_ ? 52 : 40, ehdr, 2);
    put(is64_ ? 54 : 42, phent, 2);
    put(is64_ ? 56 : 44, 2, 2);
    put(is64_ ? 58 : 46, shent, 2);
    put(is64_ ? 60 : 48, shnum, 2);
    put(is64_ ? 62 : 50, 4, 2);          // e_shstrndx

    phdr(phoff, 1, 0, kBase, out_.size());                              // PT_LOAD
    phdr(phoff + phent, 2, dyn_off, kBase + dyn_off, ndyn * dynent);    // PT_DYNAMIC
    out_.replace(dynstr_off, dynstr.size(), dynstr);
    const uint64_t dyns[ndyn][2] = {{1, 13},  {14, 1},  {15, 25}, {29, 40},
                                    {5, kBase + dynstr_off}, {10, dynstr.size()}, {0, 0}};
    for (uint64_t i = 0; i < ndyn; ++i) {
      put(dyn_off + i * dynent, dyns[i][0], word());
      put(dyn_off + i * dynent + word(), dyns[i][1], word());
    }
    out_.replace(fatbin_off, fatbin.size(), fatbin);
    out_.replace(shstrtab_off, shstrtab.size(), shstrtab);

    shdr(shoff + 1 * shent, 1, 3, dynstr_off, dynstr.size(), 0);      // .dynstr SHT_STRTAB
    shdr(shoff + 2 * shent, 9, 6, dyn_off, ndyn * dynent, 1);         // .dynamic SHT_DYNAMIC
    shdr(shoff + 3 * shent, 18, 1, fatbin_off, fatbin.size(), 0);     // .nv_fatbin SHT_PROGBITS
    shdr(shoff + 4 * shent, 29, 3, shstrtab_off, shstrtab.size(), 0); // .shstrtab
    return out_;
  }

  void put(uint64_t off, uint64_t v, unsigned width) {
    for (unsigned i = 0; i < width; ++i) {
      unsigned shift = little_ ? 8 * i : 8 * (width - 1 - i);
      out_[off + i] = static_cast<char>((v >> shift) & 0xff);
    }
  }
  unsigned word() const { return is64_ ? 8 : 4; }
  uint64_t shent() const { return is64_ ? 64 : 40; }
  uint64_t phent() const { return is64_ ? 56 : 32; }
  // Offsets of fields inside the header tables, for tests that corrupt them.
  uint64_t e_phoff() const { return is64_ ? 32 : 28; }
  uint64_t e_shoff() const { return is64_ ? 40 : 32; }
  uint64_t e_phnum() const { return is64_ ? 56 : 44; }
  uint64_t e_shnum() const { return is64_ ? 60 : 48; }
  uint64_t e_shstrndx() const { return is64_ ? 62 : 50; }
  uint64_t sh_offset() const { return is64_ ? 24 : 16; }
  uint64_t sh_size() const { return is64_ ? 32 : 20; }
  uint64_t p_offset() const { return is64_ ? 8 : 4; }
  std::string& bytes() { return out_; }

  uint64_t phoff = 0, shoff = 0, dynstr_off = 0, dyn_off = 0, fatbin_off = 0, shstrtab_off = 0;

 private:
  static uint64_t align(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }
  void phdr(uint64_t at, uint32_t type, uint64_t off, uint64_t vaddr, uint64_t size) {
    put(at, type, 4);
    put(at + (is64_ ? 8 : 4), off, word());
    put(at + (is64_ ? 16 : 8), vaddr, word());
    put(at + (is64_ ? 32 : 16), size, word());
    put(at + (is64_ ? 40 : 20), size, word());
  }
  void shdr(uint64_t at, uint32_t name, uint32_t type, uint64_t off, uint64_t size, uint32_t link) {
    put(at, name, 4);
    put(at + 4, type, 4);
    put(at + sh_offset(), off, word());
    put(at + sh_size(), size, word());
    put(at + (is64_ ? 40 : 24), link, 4);
  }

  bool is64_, little_;
  std::string out_;
};

struct Flavour {
  bool is64;
  bool little;
};
constexpr Flavour kFlavours[] = {{true, true}, {true, false}, {false, true}, {false, false}};

std::string flavour_name(const Flavour& f) {
  return std::string(f.is64 ? "elf64" : "elf32") + (f.little ? "le" : "be");
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

// SONAME, NEEDED, RPATH and RUNPATH as `readelf -dW` prints them.
struct ReadelfDynamic {
  std::string soname;
  std::vector<std::string> needed, rpath, runpath;
};

ReadelfDynamic readelf_dynamic(const std::string& path) {
  ReadelfDynamic d;
  for (const std::string& line : util::split_lines(run("readelf -dW '" + path + "' 2>/dev/null"))) {
    size_t open = line.find('['), close = line.rfind(']');
    if (open == std::string::npos || close == std::string::npos || close < open) continue;
    std::string value = line.substr(open + 1, close - open - 1);
    auto add_path = [&](std::vector<std::string>& out) {
      for (std::string_view part : util::split(value, ':'))
        if (!part.empty()) out.emplace_back(part);
    };
    if (util::contains(line, "(NEEDED)")) d.needed.push_back(value);
    else if (util::contains(line, "(SONAME)")) d.soname = value;
    else if (util::contains(line, "(RPATH)")) add_path(d.rpath);
    else if (util::contains(line, "(RUNPATH)")) add_path(d.runpath);
  }
  return d;
}

// Section names in order as `readelf -SW` prints them (index 0 is the null section).
std::vector<std::string> readelf_sections(const std::string& path) {
  std::vector<std::string> names;
  for (const std::string& line : util::split_lines(run("readelf -SW '" + path + "' 2>/dev/null"))) {
    size_t open = line.find('['), close = line.find(']');
    if (open == std::string::npos || close == std::string::npos) continue;
    auto index = util::parse_int(util::trim(std::string_view(line).substr(open + 1, close - open - 1)));
    if (!index) continue;
    std::string_view rest = util::trim(std::string_view(line).substr(close + 1));
    names.emplace_back(*index == 0 ? std::string_view() : rest.substr(0, rest.find(' ')));
  }
  return names;
}

TEST(ElfReaderTest, ParsesCraftedElfOfEveryClassAndByteOrder) {
  for (const Flavour& f : kFlavours) {
    SCOPED_TRACE(flavour_name(f));
    ElfBuilder b(f.is64, f.little);
    auto r = parse_elf(b.build());
    ASSERT_TRUE(r) << r.error;
    EXPECT_EQ(r->is_64, f.is64);
    EXPECT_EQ(r->little_endian, f.little);
    EXPECT_EQ(r->machine, f.is64 ? 62 : 3);
    EXPECT_EQ(r->osabi, 3);
    EXPECT_EQ(r->abi_version, 1);
    EXPECT_EQ(r->e_flags, 0x1234u);
    EXPECT_EQ(r->soname, "libfoo.so.1");
    EXPECT_EQ(r->needed, std::vector<std::string>{"libbar.so.2"});
    EXPECT_EQ(r->rpath, (std::vector<std::string>{"/opt/a", "/opt/b"}));
    EXPECT_EQ(r->runpath, std::vector<std::string>{"$ORIGIN/../lib"});
    ASSERT_EQ(r->sections.size(), 5u);
    EXPECT_EQ(r->sections[0].name, "");
    EXPECT_EQ(r->sections[2].name, ".dynamic");
    EXPECT_EQ(r->sections[2].type, 6u);
    const ElfSection* fat = find_section(*r, ".nv_fatbin");
    ASSERT_NE(fat, nullptr);
    EXPECT_EQ(fat->offset, b.fatbin_off);
    EXPECT_EQ(section_bytes(b.bytes(), *fat), "FATBINDATA......");
    EXPECT_EQ(find_section(*r, ".text"), nullptr);
  }
}

TEST(ElfReaderTest, EveryTruncationIsAnError) {
  for (const Flavour& f : kFlavours) {
    SCOPED_TRACE(flavour_name(f));
    const std::string full = ElfBuilder(f.is64, f.little).build();
    for (size_t len = 0; len < full.size(); ++len) {
      auto r = parse_elf(std::string_view(full).substr(0, len));
      EXPECT_FALSE(r) << "length " << len;
      EXPECT_FALSE(r.error.empty()) << "length " << len;
    }
  }
}

TEST(ElfReaderTest, RejectsNonElfInput) {
  EXPECT_EQ(parse_elf("").error, "not an elf file");
  EXPECT_EQ(parse_elf("#!/bin/sh\necho hi\n").error, "not an elf file");
  EXPECT_EQ(parse_elf(std::string(4096, '\0')).error, "not an elf file");
  EXPECT_EQ(parse_elf("\x7f" "ELF").error, "truncated elf header");
  std::string bad_class = ElfBuilder(true, true).build();
  bad_class[4] = 7;
  EXPECT_EQ(parse_elf(bad_class).error, "unsupported elf class 7");
  std::string bad_data = ElfBuilder(true, true).build();
  bad_data[5] = 0;
  EXPECT_EQ(parse_elf(bad_data).error, "unsupported elf byte order 0");
}

TEST(ElfReaderTest, HugeOffsetsAreReportedNotFollowed) {
  for (const Flavour& f : kFlavours) {
    SCOPED_TRACE(flavour_name(f));
    const uint64_t huge = f.is64 ? 0xfffffffffffffff0ull : 0xfffffff0ull;
    auto corrupt = [&](auto&& edit) {
      ElfBuilder b(f.is64, f.little);
      b.build();
      edit(b);
      return parse_elf(b.bytes()).error;
    };
    EXPECT_EQ(corrupt([&](ElfBuilder& b) { b.put(b.e_shoff(), huge, b.word()); }),
              "section header table out of range");
    EXPECT_EQ(corrupt([&](ElfBuilder& b) { b.put(b.e_shnum(), 0xfff0, 2); }),
              "section header table out of range");
    EXPECT_EQ(corrupt([&](ElfBuilder& b) { b.put(b.e_phoff(), huge, b.word()); }),
              "program header table out of range");
    EXPECT_EQ(corrupt([&](ElfBuilder& b) { b.put(b.e_shstrndx(), 9, 2); }),
              "section name string table index out of range");
    EXPECT_EQ(corrupt([&](ElfBuilder& b) { b.put(b.shoff + 4 * b.shent() + b.sh_offset(), huge, b.word()); }),
              "section name string table out of range");
    EXPECT_EQ(corrupt([&](ElfBuilder& b) { b.put(b.shoff + 1 * b.shent(), 0x7fffffff, 4); }),
              "section name out of range");
    EXPECT_EQ(corrupt([&](ElfBuilder& b) { b.put(b.phoff + b.phent() + b.p_offset(), huge, b.word()); }),
              "dynamic segment out of range");
    // DT_SONAME pointing past the end of .dynstr.
    EXPECT_EQ(corrupt([&](ElfBuilder& b) { b.put(b.dyn_off + 3 * b.word(), 0x7fffffff, b.word()); }),
              "dynamic string offset out of range");
    // DT_STRTAB unmapped and no section headers to fall back on.
    EXPECT_EQ(corrupt([&](ElfBuilder& b) {
                b.put(b.dyn_off + 9 * b.word(), huge, b.word());
                b.put(b.e_shoff(), 0, b.word());
              }),
              "dynamic string table out of range");
  }
}

TEST(ElfReaderTest, StrippedFileWithoutSectionHeadersStillHasDynamicStrings) {
  for (const Flavour& f : kFlavours) {
    SCOPED_TRACE(flavour_name(f));
    ElfBuilder b(f.is64, f.little);
    b.build();
    b.put(b.e_shoff(), 0, b.word());
    b.put(b.e_shnum(), 0, 2);
    b.put(b.e_shstrndx(), 0, 2);
    auto r = parse_elf(b.bytes());
    ASSERT_TRUE(r) << r.error;
    EXPECT_TRUE(r->sections.empty());
    EXPECT_EQ(r->soname, "libfoo.so.1");
    EXPECT_EQ(r->needed, std::vector<std::string>{"libbar.so.2"});
  }
}

TEST(ElfReaderTest, FallsBackToSectionsWithoutProgramHeaders) {
  ElfBuilder b(true, false);
  b.build();
  b.put(b.e_phnum(), 0, 2);
  auto r = parse_elf(b.bytes());
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r->soname, "libfoo.so.1");
}

TEST(ElfReaderTest, FallsBackToLinkedDynstrWhenStrtabIsUnmapped) {
  ElfBuilder b(false, true);
  b.build();
  b.put(b.dyn_off + 9 * b.word(), 0x7fff0000, b.word());  // DT_STRTAB outside PT_LOAD
  auto r = parse_elf(b.bytes());
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r->soname, "libfoo.so.1");
}

TEST(ElfReaderTest, ExtendedSectionNumberingReadsCountFromSectionZero) {
  ElfBuilder b(true, true);
  b.build();
  b.put(b.e_shnum(), 0, 2);
  b.put(b.e_shstrndx(), 0xffff, 2);
  b.put(b.shoff + b.sh_size(), 5, 8);  // section 0 sh_size = real e_shnum
  b.put(b.shoff + 40, 4, 4);           // section 0 sh_link = real e_shstrndx
  auto r = parse_elf(b.bytes());
  ASSERT_TRUE(r) << r.error;
  ASSERT_EQ(r->sections.size(), 5u);
  EXPECT_EQ(r->sections[4].name, ".shstrtab");
}

TEST(ElfReaderTest, ZeroSectionCountWithoutTableMeansNoSections) {
  ElfBuilder b(true, true);
  b.build();
  b.put(b.e_shnum(), 0, 2);
  b.put(b.shoff + b.sh_size(), 0, 8);
  // A name table index with no sections to index is inconsistent.
  EXPECT_EQ(parse_elf(b.bytes()).error, "section name string table index out of range");
  b.put(b.e_shstrndx(), 0, 2);
  auto r = parse_elf(b.bytes());
  ASSERT_TRUE(r) << r.error;
  EXPECT_TRUE(r->sections.empty());
  EXPECT_EQ(r->soname, "libfoo.so.1");
}

TEST(ElfReaderTest, FindsPrintableStringsByPrefix) {
  const std::string bytes = lit("\x01\x02" "CUDA Version 13.0.88\0junk\0" "CUDA Version \x05" "bad\0" "CUDA Version 12.9");
  EXPECT_EQ(find_strings_with_prefix(bytes, "CUDA Version "),
            std::vector<std::string>{"CUDA Version 13.0.88"});
  EXPECT_TRUE(find_strings_with_prefix(bytes, "").empty());
  EXPECT_EQ(find_strings_with_prefix(bytes, "CUDA", 16, 8), std::vector<std::string>{});
  std::string many;
  for (int i = 0; i < 40; ++i) many += std::string("ver") + std::to_string(i) + '\0';
  EXPECT_EQ(find_strings_with_prefix(many, "ver", 3).size(), 3u);
}

// The machine the tests run on is a fixture too: compare with binutils.
TEST(ElfReaderTest, RealLibrariesMatchReadelf) {
  const std::vector<std::string> candidates = {
      "/usr/local/cuda/lib64/libcudart.so.13", "/usr/local/cuda/lib64/libcudnn_adv.so.9",
      "/lib/x86_64-linux-gnu/libc.so.6", "/lib32/libc.so.6", "/usr/bin/apropos"};
  if (run("readelf --version 2>/dev/null").empty()) GTEST_SKIP() << "readelf not installed";
  int checked = 0;
  for (const std::string& path : candidates) {
    if (!std::filesystem::exists(path)) continue;
    SCOPED_TRACE(path);
    std::string bytes = read_file(path);
    auto r = parse_elf(bytes);
    ASSERT_TRUE(r) << r.error;
    ReadelfDynamic want = readelf_dynamic(path);
    EXPECT_EQ(r->soname, want.soname);
    EXPECT_EQ(r->needed, want.needed);
    EXPECT_EQ(r->rpath, want.rpath);
    EXPECT_EQ(r->runpath, want.runpath);
    std::vector<std::string> names;
    for (const ElfSection& s : r->sections) names.push_back(s.name);
    EXPECT_EQ(names, readelf_sections(path));
    ++checked;
  }
  if (checked == 0) GTEST_SKIP() << "none of the reference libraries is installed";
}

TEST(ElfReaderTest, LibcudartSonameSurvivesStrippingSectionHeaders) {
  const std::string path = "/usr/local/cuda/lib64/libcudart.so.13";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not installed";
  std::string bytes = read_file(path);
  auto full = parse_elf(bytes);
  ASSERT_TRUE(full) << full.error;
  EXPECT_EQ(full->soname, "libcudart.so.13");
  EXPECT_TRUE(full->is_64);
  EXPECT_EQ(full->machine, 62);
  // What `strip --strip-section-headers` leaves: e_shoff, e_shnum, e_shstrndx zeroed.
  for (size_t i = 40; i < 48; ++i) bytes[i] = 0;
  for (size_t i = 60; i < 64; ++i) bytes[i] = 0;
  auto stripped = parse_elf(bytes);
  ASSERT_TRUE(stripped) << stripped.error;
  EXPECT_TRUE(stripped->sections.empty());
  EXPECT_EQ(stripped->soname, full->soname);
  EXPECT_EQ(stripped->needed, full->needed);
}

}  // namespace
}  // namespace gpudoctor::parse
