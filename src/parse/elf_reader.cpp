#include "parse/elf_reader.hpp"

#include <algorithm>

#include "util/strings.hpp"

// Field offsets follow the System V gABI "Object Files" chapter (the ELF header,
// section header, program header and dynamic-section tables), as mirrored in
// glibc's elf/elf.h (Elf32_Ehdr/Elf64_Ehdr, Elf*_Shdr, Elf*_Phdr, Elf*_Dyn).

namespace gpudoctor::parse {
namespace {

constexpr uint32_t kPtLoad = 1;
constexpr uint32_t kPtDynamic = 2;
constexpr uint32_t kShtDynamic = 6;
constexpr uint16_t kShnXindex = 0xffff;  // real e_shstrndx is in section 0's sh_link
constexpr uint16_t kPnXnum = 0xffff;     // real e_phnum is in section 0's sh_info
constexpr uint64_t kDtNull = 0, kDtNeeded = 1, kDtStrtab = 5, kDtStrsz = 10, kDtSoname = 14,
                   kDtRpath = 15, kDtRunpath = 29;

// Offsets that differ between ELFCLASS32 and ELFCLASS64.
struct Layout {
  unsigned word;  // 4 or 8: size of Addr/Off/Xword fields
  uint64_t ehdr_size, phoff, shoff, flags, phentsize, phnum, shentsize, shnum, shstrndx;
  uint64_t shdr_size, sh_offset, sh_size, sh_link, sh_info;
  uint64_t phdr_size, p_offset, p_vaddr, p_filesz;
  uint64_t dyn_size;
};
constexpr Layout kElf32{4, 52, 28, 32, 36, 42, 44, 46, 48, 50, 40, 16, 20, 24, 28, 32, 4, 8, 16, 8};
constexpr Layout kElf64{8, 64, 32, 40, 48, 54, 56, 58, 60, 62, 64, 24, 32, 40, 44, 56, 8, 16, 32, 16};

struct RawSection {
  uint32_t name = 0, type = 0, link = 0, info = 0;
  uint64_t offset = 0, size = 0;
};

struct Segment {
  uint32_t type = 0;
  uint64_t offset = 0, vaddr = 0, filesz = 0;
};

struct Range {
  uint64_t offset = 0, size = 0;
};

class Reader {
 public:
  Reader(std::string_view bytes, bool little, const Layout& l) : b_(bytes, little), l_(l) {}

  ParseResult<ElfInfo> run(ElfInfo info) {
    info_ = std::move(info);
    uint64_t phoff = word(l_.phoff);
    uint64_t shoff = word(l_.shoff);
    info_.e_flags = u32(l_.flags);
    uint64_t phnum = u16(l_.phnum);
    uint64_t shnum = u16(l_.shnum);
    uint64_t shstrndx = u16(l_.shstrndx);

    if (shoff != 0) {
      uint16_t shentsize = u16(l_.shentsize);
      if (shentsize < l_.shdr_size) return fail("section header table out of range");
      // Extended numbering (gABI): counts that do not fit in 16 bits live in section 0.
      if (shnum == 0 || shstrndx == kShnXindex || phnum == kPnXnum) {
        if (!in_range(shoff, shentsize, b_.size())) return fail("section header table out of range");
        RawSection s0 = section_at(shoff);
        if (shnum == 0) shnum = s0.size;
        if (shstrndx == kShnXindex) shstrndx = s0.link;
        if (phnum == kPnXnum) phnum = s0.info;
      }
      if (shnum > b_.size() / shentsize || !in_range(shoff, shnum * shentsize, b_.size()))
        return fail("section header table out of range");
      for (uint64_t i = 0; i < shnum; ++i) raw_.push_back(section_at(shoff + i * shentsize));
      if (auto err = name_sections(shstrndx); !err.empty()) return fail(err);
    }

    if (phnum != 0) {
      uint16_t phentsize = u16(l_.phentsize);
      if (phentsize < l_.phdr_size || phnum > b_.size() / phentsize ||
          !in_range(phoff, phnum * phentsize, b_.size()))
        return fail("program header table out of range");
      for (uint64_t i = 0; i < phnum; ++i) segments_.push_back(segment_at(phoff + i * phentsize));
    }

    if (auto err = read_dynamic(); !err.empty()) return fail(err);
    return ParseResult<ElfInfo>::ok(std::move(info_));
  }

 private:
  static ParseResult<ElfInfo> fail(std::string e) { return ParseResult<ElfInfo>::fail(std::move(e)); }

  // Callers check ranges first; value_or keeps a logic slip from reading out of bounds.
  uint16_t u16(uint64_t off) const { return b_.u16(off).value_or(0); }
  uint32_t u32(uint64_t off) const { return b_.u32(off).value_or(0); }
  uint64_t word(uint64_t off) const { return b_.uint(off, l_.word).value_or(0); }

  RawSection section_at(uint64_t at) const {
    RawSection s;
    s.name = u32(at);
    s.type = u32(at + 4);
    s.offset = word(at + l_.sh_offset);
    s.size = word(at + l_.sh_size);
    s.link = u32(at + l_.sh_link);
    s.info = u32(at + l_.sh_info);
    return s;
  }

  Segment segment_at(uint64_t at) const {
    return Segment{u32(at), word(at + l_.p_offset), word(at + l_.p_vaddr), word(at + l_.p_filesz)};
  }

  std::string name_sections(uint64_t shstrndx) {
    std::string_view names;
    if (shstrndx != 0) {  // SHN_UNDEF: the file has no section names
      if (shstrndx >= raw_.size()) return "section name string table index out of range";
      const RawSection& t = raw_[shstrndx];
      if (t.type == kShtNobits || !in_range(t.offset, t.size, b_.size()))
        return "section name string table out of range";
      names = b_.data().substr(t.offset, t.size);
    }
    Bytes nb(names, true);
    for (const RawSection& r : raw_) {
      ElfSection s{{}, r.offset, r.size, r.type};
      if (shstrndx != 0) {
        auto n = nb.cstr(r.name);
        if (!n) return "section name out of range";
        s.name = std::string(*n);
      }
      info_.sections.push_back(std::move(s));
    }
    return {};
  }

  // Where the dynamic entries are: PT_DYNAMIC first, because stripped libraries
  // may have no section headers; the SHT_DYNAMIC section otherwise.
  std::optional<Range> dynamic_range(std::string& err) const {
    for (const Segment& s : segments_) {
      if (s.type != kPtDynamic) continue;
      if (!in_range(s.offset, s.filesz, b_.size())) err = "dynamic segment out of range";
      return Range{s.offset, s.filesz};
    }
    for (const RawSection& s : raw_) {
      if (s.type != kShtDynamic) continue;
      if (!in_range(s.offset, s.size, b_.size())) err = "dynamic section out of range";
      return Range{s.offset, s.size};
    }
    return std::nullopt;
  }

  // DT_STRTAB holds a virtual address; the PT_LOAD segment containing it gives
  // the file offset. Falls back to the section the dynamic section links to, then
  // to ".dynstr".
  std::optional<Range> dynstr_range(std::optional<uint64_t> vaddr, std::optional<uint64_t> strsz) const {
    if (vaddr) {
      for (const Segment& s : segments_) {
        if (s.type != kPtLoad || *vaddr < s.vaddr || *vaddr - s.vaddr >= s.filesz) continue;
        uint64_t delta = *vaddr - s.vaddr;
        if (s.offset > b_.size() || delta > b_.size() - s.offset) continue;
        uint64_t size = s.filesz - delta;
        if (strsz) size = std::min(size, *strsz);
        Range r{s.offset + delta, size};
        if (in_range(r.offset, r.size, b_.size())) return r;
      }
    }
    for (const RawSection& s : raw_) {
      if (s.type == kShtDynamic && s.link < raw_.size()) {
        const RawSection& t = raw_[s.link];
        if (t.type != kShtNobits && in_range(t.offset, t.size, b_.size())) return Range{t.offset, t.size};
      }
    }
    if (const ElfSection* s = find_section(info_, ".dynstr")) {
      if (s->type != kShtNobits && in_range(s->offset, s->size, b_.size())) return Range{s->offset, s->size};
    }
    return std::nullopt;
  }

  std::string read_dynamic() {
    std::string err;
    std::optional<Range> dyn = dynamic_range(err);
    if (!err.empty()) return err;
    if (!dyn) return {};  // static executable or object file

    std::vector<uint64_t> needed, rpath, runpath;
    std::optional<uint64_t> soname, strtab, strsz;
    uint64_t count = dyn->size / l_.dyn_size;
    for (uint64_t i = 0; i < count; ++i) {
      uint64_t at = dyn->offset + i * l_.dyn_size;
      uint64_t tag = word(at);
      uint64_t val = word(at + l_.word);
      if (tag == kDtNull) break;
      if (tag == kDtNeeded) needed.push_back(val);
      else if (tag == kDtSoname) soname = val;
      else if (tag == kDtRpath) rpath.push_back(val);
      else if (tag == kDtRunpath) runpath.push_back(val);
      else if (tag == kDtStrtab) strtab = val;
      else if (tag == kDtStrsz) strsz = val;
    }
    if (needed.empty() && rpath.empty() && runpath.empty() && !soname) return {};

    std::optional<Range> strs = dynstr_range(strtab, strsz);
    if (!strs) return "dynamic string table out of range";
    Bytes sb(b_.data().substr(strs->offset, strs->size), true);
    auto str = [&](uint64_t off) { return sb.cstr(off); };

    for (uint64_t off : needed) {
      auto s = str(off);
      if (!s) return "dynamic string offset out of range";
      info_.needed.emplace_back(*s);
    }
    if (soname) {
      auto s = str(*soname);
      if (!s) return "dynamic string offset out of range";
      info_.soname = std::string(*s);
    }
    for (auto [offs, out] : {std::pair{&rpath, &info_.rpath}, std::pair{&runpath, &info_.runpath}}) {
      for (uint64_t off : *offs) {
        auto s = str(off);
        if (!s) return "dynamic string offset out of range";
        // ld.so skips empty elements of a search path list; so do we.
        for (std::string_view part : util::split(*s, ':'))
          if (!part.empty()) out->emplace_back(part);
      }
    }
    return {};
  }

  Bytes b_;
  const Layout& l_;
  ElfInfo info_;
  std::vector<RawSection> raw_;
  std::vector<Segment> segments_;
};

}  // namespace

ParseResult<ElfInfo> parse_elf(std::string_view bytes) {
  // e_ident: 0x7f 'E' 'L' 'F', EI_CLASS at 4, EI_DATA at 5, EI_OSABI at 7, EI_ABIVERSION at 8.
  if (bytes.size() < 4 || bytes.substr(0, 4) != std::string_view("\x7f" "ELF", 4))
    return ParseResult<ElfInfo>::fail("not an elf file");
  if (bytes.size() < 16) return ParseResult<ElfInfo>::fail("truncated elf header");
  auto ident = [&](size_t i) { return static_cast<uint8_t>(bytes[i]); };
  if (ident(4) != 1 && ident(4) != 2)
    return ParseResult<ElfInfo>::fail("unsupported elf class " + std::to_string(ident(4)));
  if (ident(5) != 1 && ident(5) != 2)
    return ParseResult<ElfInfo>::fail("unsupported elf byte order " + std::to_string(ident(5)));

  ElfInfo info;
  info.is_64 = ident(4) == 2;
  info.little_endian = ident(5) == 1;
  info.osabi = ident(7);
  info.abi_version = ident(8);
  const Layout& layout = info.is_64 ? kElf64 : kElf32;
  if (bytes.size() < layout.ehdr_size) return ParseResult<ElfInfo>::fail("truncated elf header");
  info.machine = Bytes(bytes, info.little_endian).u16(18).value_or(0);
  return Reader(bytes, info.little_endian, layout).run(std::move(info));
}

const ElfSection* find_section(const ElfInfo& info, std::string_view name) {
  for (const ElfSection& s : info.sections)
    if (s.name == name) return &s;
  return nullptr;
}

std::optional<std::string_view> section_bytes(std::string_view bytes, const ElfSection& section) {
  if (section.type == kShtNobits || !in_range(section.offset, section.size, bytes.size()))
    return std::nullopt;
  return bytes.substr(section.offset, section.size);
}

std::vector<std::string> find_strings_with_prefix(std::string_view bytes, std::string_view prefix,
                                                  size_t max_results, size_t max_len) {
  std::vector<std::string> out;
  if (prefix.empty()) return out;
  size_t pos = 0;
  while (out.size() < max_results) {
    pos = bytes.find(prefix, pos);
    if (pos == std::string_view::npos) break;
    size_t end = pos;
    size_t limit = std::min(bytes.size(), pos + max_len);
    while (end < limit && bytes[end] >= 0x20 && bytes[end] <= 0x7e) ++end;
    if (end < bytes.size() && bytes[end] == '\0' && end - pos <= max_len) {
      out.emplace_back(bytes.substr(pos, end - pos));
      pos = end;
    } else {
      pos += 1;
    }
  }
  return out;
}

}  // namespace gpudoctor::parse
