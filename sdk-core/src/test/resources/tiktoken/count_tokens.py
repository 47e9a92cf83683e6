"""Counts the tokens of texts with OpenAI's tiktoken, over a ranks file JTokkit ships.

Environment:
  COUNT_ENCODING  o200k_base or cl100k_base: tiktoken's own pattern and special tokens for it
  COUNT_RANKS     its .tiktoken file; tiktoken checks it against the SHA-256 of the file OpenAI publishes
  COUNT_TEXTS     one JSON string a line
  COUNT_COUNTS    written: one count a line, len(encode_ordinary(text))
"""
import json
import os

os.environ["TIKTOKEN_CACHE_DIR"] = ""  # read the file given, cache nothing

import tiktoken  # noqa: E402
import tiktoken.load  # noqa: E402
import tiktoken_ext.openai_public as openai_public  # noqa: E402

encoding_name, ranks_file, texts_file, counts_file = (
    os.environ[f"COUNT_{name}"] for name in ("ENCODING", "RANKS", "TEXTS", "COUNTS"))


def local_ranks(url, expected_hash=None):
    return tiktoken.load.load_tiktoken_bpe(ranks_file, expected_hash=expected_hash)


openai_public.load_tiktoken_bpe = local_ranks
encoding = tiktoken.Encoding(**getattr(openai_public, encoding_name)())
with open(texts_file, encoding="utf-8") as texts, open(counts_file, "w", encoding="utf-8") as counts:
    for line in texts:
        counts.write(f"{len(encoding.encode_ordinary(json.loads(line)))}\n")
print(f"tiktoken {tiktoken.__version__}: counted {texts_file} with {encoding_name}")
