"""Makes a tiny random-initialised causal language model for the real-engine tests, with no network.

Usage: python make-tiny-model.py OUT_DIR DATA_FILE [DATA_FILE...]

The tokenizer is a byte-level BPE trained on the given JSONL files (every string in them), with a ChatML chat
template; the model is a 2-layer Llama of a few hundred thousand parameters, randomly initialised with a fixed seed.
OUT_DIR becomes a normal model folder (config.json, model.safetensors, tokenizer files) that `trl sft`,
`transformers serve` and `AutoModelForCausalLM.from_pretrained` load. It is written atomically: a folder that exists
is complete.
"""
import json
import os
import shutil
import sys
import tempfile

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|pad|>"]


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def texts(files):
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield from strings(json.loads(line))
    for role in ("system", "user", "assistant"):
        yield role


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: make-tiny-model.py OUT_DIR DATA_FILE [DATA_FILE...]")
    out, files = sys.argv[1], sys.argv[2:]
    if os.path.isfile(os.path.join(out, "config.json")):
        print(out)
        return
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    torch.manual_seed(1234)
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=1024, special_tokens=SPECIAL,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(texts(files), trainer=trainer)
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<|im_start|>", eos_token="<|im_end|>",
                                        pad_token="<|pad|>", unk_token="<|endoftext|>", model_max_length=1024)
    tokenizer.chat_template = CHAT_TEMPLATE
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=96, intermediate_size=192, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=1024,
                         bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                         pad_token_id=tokenizer.pad_token_id, tie_word_embeddings=True)
    model = LlamaForCausalLM(config)
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    parent = os.path.dirname(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".tiny-model-", dir=parent)
    model.save_pretrained(tmp)
    tokenizer.save_pretrained(tmp)
    try:
        os.rename(tmp, out)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)  # another build made it meanwhile
        if not os.path.isfile(os.path.join(out, "config.json")):
            raise
    print(out, file=sys.stderr)
    print("parameters:", sum(p.numel() for p in model.parameters()), file=sys.stderr)
    print(out)


if __name__ == "__main__":
    main()
