"""Runs command lines through the real `trl` command-line parser without training, and prints a verdict for each.

Reads one JSON object a line on stdin: {"argv": ["sft", "--model_name_or_path", ...], "gpu": true}. `argv` is what
follows `trl`. For each it runs TRL's own CLI entry point (`trl.cli.main.main`): the subcommand's `TrlParser` over
its script arguments, `SFTConfig`/`DPOConfig` and `ModelConfig` (types, which booleans may be bare, the configs'
own checks), then `accelerate launch`'s parser over the flags TRL left over (which rejects unknown ones). Only the
final launch is replaced by a no-op. With "gpu": true the bf16 hardware check answers as on a GPU with bf16, so that a
command meant for a GPU job can be checked on a CPU-only machine.

Writes one JSON object a line on stdout: {"ok": bool, "exit": int, "error": "last line of stderr"}.
"""
import contextlib
import io
import json
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import transformers.training_args as training_args  # noqa: E402
import trl.cli.accelerate_launcher as launcher  # noqa: E402
from trl.cli.main import main  # noqa: E402

real_launch = launcher.launch_training_script
real_bf16 = training_args.is_torch_bf16_gpu_available


def launch_without_running(script_name, launch_args, training_script_args, **kwargs):
    real_launch(script_name, launch_args, training_script_args, launch_command_fn=lambda args: None)


launcher.launch_training_script = launch_without_running


def verdict(argv, gpu):
    training_args.is_torch_bf16_gpu_available = (lambda: True) if gpu else real_bf16
    err = io.StringIO()
    code = 0
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(list(argv)) or 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        except Exception as e:  # a config's own check, such as a bad value combination
            print(f"{type(e).__name__}: {e}", file=sys.stderr)
            code = 1
    lines = [line for line in err.getvalue().splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()]
    return {"ok": code == 0, "exit": code, "error": (errors or lines or [""])[-1]}


for line in sys.stdin:
    if line.strip():
        request = json.loads(line)
        print(json.dumps(verdict(request["argv"], request.get("gpu", False))), flush=True)
