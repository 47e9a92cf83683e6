"""Runs generated Unsloth scripts for real with recording stand-ins for unsloth, datasets and trl.

argv: a JSON file holding a list of runs, each {"script": path, "env": {name: value}}. For each run the script's
own code executes (its settings, branches and calls) in a clean environment plus the run's variables, and every
call it makes into those libraries is recorded. Prints a JSON list: per run, the calls as [name, kwargs].
"""
import json
import os
import runpy
import sys
import types

calls = []


def record(call, **kwargs):
    calls.append([call, {k: (v if isinstance(v, (str, int, float, bool, list, type(None))) else repr(v))
                         for k, v in kwargs.items()}])


class Model:
    def __repr__(self):
        return "<model>"

    def push_to_hub_merged(self, repo, tokenizer, **kwargs):
        record("model.push_to_hub_merged", repo=repo, tokenizer=repr(tokenizer), **kwargs)

    def push_to_hub(self, repo, **kwargs):
        record("model.push_to_hub", repo=repo, **kwargs)


class Tokenizer:
    def __repr__(self):
        return "<tokenizer>"

    def push_to_hub(self, repo, **kwargs):
        record("tokenizer.push_to_hub", repo=repo, **kwargs)


class FastLanguageModel:
    @staticmethod
    def from_pretrained(**kwargs):
        record("FastLanguageModel.from_pretrained", **kwargs)
        return Model(), Tokenizer()

    @staticmethod
    def get_peft_model(model, **kwargs):
        record("FastLanguageModel.get_peft_model", model=repr(model), **kwargs)
        return model


def load_dataset(name, split=None, token=None):
    record("load_dataset", name=name, split=split, token=token)
    return "<dataset %s:%s>" % (name, split)


def config(name):
    def make(**kwargs):
        record(name, **kwargs)
        return "<%s>" % name
    return make


def trainer(name):
    class Trainer:
        def __init__(self, **kwargs):
            record(name, **kwargs)

        def train(self):
            record(name + ".train")

        def save_model(self, path):
            record(name + ".save_model", path=path)
    return Trainer


unsloth = types.ModuleType("unsloth")
unsloth.FastLanguageModel = FastLanguageModel
datasets = types.ModuleType("datasets")
datasets.load_dataset = load_dataset
trl = types.ModuleType("trl")
for kind in ("SFT", "DPO"):
    setattr(trl, kind + "Config", config(kind + "Config"))
    setattr(trl, kind + "Trainer", trainer(kind + "Trainer"))
sys.modules.update({"unsloth": unsloth, "datasets": datasets, "trl": trl})

with open(sys.argv[1], encoding="utf-8") as f:
    runs = json.load(f)
base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
results = []
for run in runs:
    os.environ.clear()
    os.environ.update(base)
    os.environ.update(run["env"])
    calls = []
    runpy.run_path(run["script"], run_name="__main__")
    results.append(calls)
print(json.dumps(results))
