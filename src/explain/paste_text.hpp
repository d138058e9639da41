#pragma once
// Whole reports as input: a GitHub issue body or forum post pasted as-is. Before matching,
// each segment loses the Markdown around it (code fences, `>` quote markers), the prompt in
// front of a command or REPL input (`$ `, `# `, `PS C:\x> `, `user@host:~$ `, `>>> `, `... `,
// `In [1]: `, `Out[1]: `) and its HTML entities (&lt; &gt; &amp; &quot; &#39; &#NN; &#xNN;).
// Lines without any of these are passed through untouched (the common case, checked cheaply).
#include <string>
#include <string_view>

namespace gpudoctor::explain {

enum class Prompt { none, shell, powershell, python, ipython_out };

struct CleanSegment {
  std::string_view text;     // what to match (points into the input or into the caller's buffer)
  Prompt prompt = Prompt::none;
  bool fence = false;        // a ``` / ~~~ line: nothing to match
};

CleanSegment clean_segment(std::string_view s, std::string& buf);

}  // namespace gpudoctor::explain
