#pragma once
// What the context of a paste (explain/context.hpp) adds to the findings of its log lines:
//  - the facts the paste showed are judged by the same static rules as the probe's (through
//    the FactsJudge the caller passes: explain does not depend on the rules layer);
//  - messages that allow several causes (CUDA_ERROR_NO_DEVICE, "unknown error", a missing
//    libcuda) take the cause the rest of the paste points at;
//  - what only a paste can show becomes a finding of its own (a `docker run` without --gpus,
//    a pod spec without nvidia.com/gpu, nvidia-smi or lspci listing no GPU, pip without a
//    build for this Python);
//  - a paste that shows the GPU unused but not why gets the likely causes ranked by what it
//    rules out and the one check that decides (X833), never silence.
// Every finding says which evidence came from the paste.
#include <functional>
#include <vector>

#include "explain/explain.hpp"

namespace gpudoctor::explain {

void judge_paste(ExplainResult& r, const MessageKb& kb, const FactsJudge& judge);

}  // namespace gpudoctor::explain
