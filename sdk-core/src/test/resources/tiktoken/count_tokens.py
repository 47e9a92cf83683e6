"""Counts the tokens of texts with OpenAI's tiktoken, over a ranks file JTokkit ships.

usage: count_tokens.py ENCODING RANKS TEXTS COUNTS
  ENCODING  o200k_base or cl100k_base: tiktoken's own pattern and special tokens for it
  RANKS     its .tiktoken file; tiktoken checks it against the SHA-256 of the file OpenAI publishes
  TEXTS     one JSON string a line
  COUNTS    written: one count a line, len(encode_ordinary(text))
"""
import json
import os
import sys

os.environ["TIKTOKEN_CACHE_DIR"] = ""  # read the file given, cache nothing

import tiktoken  # noqa: E402
import tiktoken.load  # noqa: E402
import tiktoken_ext.openai_public as openai_public  # noqa: E402

encoding_name, ranks_file, texts_file, counts_file = sys.argv[1:5]


def local_ranks(url, expected_hash=None):
    return tiktoken.load.load_tiktoken_bpe(ranks_file, expected_hash=expected_hash)


openai_public.load_tiktoken_bpe = local_ranks
encoding = tiktoken.Encoding(**getattr(openai_public, encoding_name)())
with open(texts_file, encoding="utf-8") as texts, open(counts_file, "w", encoding="utf-8") as counts:
    for line in texts:
        counts.write(f"{len(encoding.encode_ordinary(json.loads(line)))}\n")
print(f"tiktoken {tiktoken.__version__}: counted {texts_file} with {encoding_name}")
