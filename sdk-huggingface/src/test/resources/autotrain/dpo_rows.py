"""Runs AutoTrain's own DPO row processing on rows the SDK wrote, next to what the rows should become.

argv: autotrain's src folder, a model folder with a chat template, the SDK's AutoTrain rows, the TRL rows they
came from. Prints a JSON list, one entry a row: what AutoTrain made ("autotrain") and what TRL's rows say the
prompt and answers are ("expected"), each rendered with the same tokenizer's chat template; and what AutoTrain
makes of the TRL rows themselves ("old_shape_prompt": the prompt, or the error).
"""
import json
import sys
import types
from types import SimpleNamespace


class _Quiet:
    def __getattr__(self, name):
        return lambda *args, **kwargs: None


# autotrain logs through loguru, which is not in the test environment; nothing else is replaced
loguru = types.ModuleType("loguru")
loguru.logger = _Quiet()
sys.modules["loguru"] = loguru
sys.path.insert(0, sys.argv[1])

from autotrain.trainers.clm.utils import apply_chat_template  # noqa: E402
from transformers import AutoTokenizer  # noqa: E402

tokenizer = AutoTokenizer.from_pretrained(sys.argv[2])
config = SimpleNamespace(trainer="dpo", chat_template="tokenizer", text_column="chosen")


def rows(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def render(messages):
    return tokenizer.apply_chat_template(messages, tokenize=False)


out = []
for sdk, trl in zip(rows(sys.argv[3]), rows(sys.argv[4])):
    made = apply_chat_template(dict(sdk), tokenizer, config)
    try:  # the TRL shape, whose chosen holds the answer alone: chosen[:-1] is an empty prompt
        old = apply_chat_template(dict(trl), tokenizer, config)["prompt"]
    except ValueError as e:
        old = "ValueError: " + str(e)
    out.append({
        "autotrain": {k: made[k] for k in ("prompt", "chosen", "rejected")},
        "expected": {"prompt": render(trl["prompt"]), "chosen": render(trl["chosen"]),
                     "rejected": render(trl["rejected"])},
        "question": trl["prompt"][-1]["content"],
        "old_shape_prompt": old,
    })
print(json.dumps(out))
