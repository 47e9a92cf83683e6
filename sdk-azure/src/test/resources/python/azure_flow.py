"""A fine-tuning flow with the official openai package's AzureOpenAI client against the Azure emulator.

phase "train": upload, wait until processed, create, follow, events, checkpoints; prints the tuned model.
phase "chat": chat on the deployment named on the command line; prints the answer.
Any call the client cannot complete raises, and the script exits non-zero.
"""
import sys
import time

from openai import AzureOpenAI

endpoint, key, phase, arg = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
client = AzureOpenAI(azure_endpoint=endpoint, api_key=key, api_version="2025-04-01-preview", max_retries=0)

if phase == "train":
    with open(arg, "rb") as f:
        uploaded = client.files.create(file=("train.jsonl", f), purpose="fine-tune")
    for _ in range(100):
        if client.files.retrieve(uploaded.id).status == "processed":
            break
        time.sleep(0.05)
    else:
        raise SystemExit("file never processed")
    job = client.fine_tuning.jobs.create(model="gpt-4.1-mini-2025-04-14", training_file=uploaded.id,
                                         suffix="py", extra_body={"trainingType": "GlobalStandard"})
    assert job.status == "pending", job.status
    for _ in range(600):
        job = client.fine_tuning.jobs.retrieve(job.id)
        if job.status in ("succeeded", "failed", "cancelled"):
            break
        time.sleep(0.05)
    assert job.status == "succeeded", job.status
    events = client.fine_tuning.jobs.list_events(fine_tuning_job_id=job.id, limit=50)
    assert len(events.data) > 0
    checkpoints = client.fine_tuning.jobs.checkpoints.list(fine_tuning_job_id=job.id)
    assert len(checkpoints.data) > 0
    assert ".ft-" in job.fine_tuned_model, job.fine_tuned_model
    print(job.fine_tuned_model)
elif phase == "chat":
    answer = client.chat.completions.create(model=arg, messages=[{"role": "user", "content": "Recipe number 3?"}])
    print(answer.choices[0].message.content)
else:
    raise SystemExit("unknown phase " + phase)
