"""Drives an OpenAI emulator with the official `openai` Python client.

Every call is one named check; a check fails when the client raises or a result is not what the real service gives.
Prints one line per check and a JSON summary line ("SUMMARY {...}"); exits 1 when any check failed.
Environment: OPENAI_BASE_URL, OPENAI_API_KEY; optional CONFORMANCE_HEADERS_FILE, where the response headers named in
CONFORMANCE_RECORD_HEADER (for example sl-violations from a validating proxy) are appended as JSON lines.
"""
import json
import os
import time

import httpx
import openai
from openai import OpenAI

from checks import check, expect, finish

BASE_URL = os.environ["OPENAI_BASE_URL"]
API_KEY = os.environ["OPENAI_API_KEY"]
RECORD = os.environ.get("CONFORMANCE_RECORD_HEADER")
HEADERS_FILE = os.environ.get("CONFORMANCE_HEADERS_FILE")


def record(response):
    if RECORD and HEADERS_FILE:
        value = response.headers.get(RECORD)
        if value:
            with open(HEADERS_FILE, "a", encoding="utf-8") as out:
                out.write(json.dumps({"method": response.request.method, "path": response.request.url.path,
                                      "status": response.status_code, "value": value}) + "\n")


http = httpx.Client(event_hooks={"response": [record]}, timeout=60)
client = OpenAI(base_url=BASE_URL, api_key=API_KEY, max_retries=0, http_client=http)
def chat_line(i):
    return json.dumps({"messages": [
        {"role": "system", "content": "You answer recipe questions."},
        {"role": "user", "content": "Recipe %d?" % i},
        {"role": "assistant", "content": "Cook dish number %d for ten minutes." % i}]})


def dpo_line(i):
    return json.dumps({"input": {"messages": [{"role": "user", "content": "Say hi %d" % i}]},
                       "preferred_output": [{"role": "assistant", "content": "Hi %d!" % i}],
                       "non_preferred_output": [{"role": "assistant", "content": "Go away %d." % i}]})


def rft_line(i):
    return json.dumps({"messages": [{"role": "user", "content": "What is %d + 1?" % i}],
                       "reference_answer": str(i + 1)})


def jsonl(make, n):
    return ("\n".join(make(i) for i in range(n)) + "\n").encode()


TRAIN = jsonl(chat_line, 12)


def wait_job(job_id, statuses, seconds=60):
    deadline = time.time() + seconds
    while True:
        job = client.fine_tuning.jobs.retrieve(job_id)
        if job.status in statuses:
            return job
        if time.time() > deadline:
            raise AssertionError("job %s still %s after %ss" % (job_id, job.status, seconds))
        time.sleep(0.05)


# ---------------------------------------------------------------- files
def files_create():
    f = client.files.create(file=("train.jsonl", TRAIN), purpose="fine-tune")
    expect(f.id.startswith("file-") and f.bytes == len(TRAIN) and f.filename == "train.jsonl", f)
    return f


train = check("files.create", files_create)
valid = check("files.create (validation)", lambda: client.files.create(
    file=("valid.jsonl", jsonl(chat_line, 10)), purpose="fine-tune"))
extra = check("files.create (to delete)", lambda: client.files.create(file=("x.jsonl", TRAIN), purpose="fine-tune"))


def files_list():
    ids = [f.id for f in client.files.list(limit=1)]   # auto-pagination, one file per page
    expect(train.id in ids and valid.id in ids and extra.id in ids and len(ids) == len(set(ids)), ids)


check("files.list (auto-pagination)", files_list)
check("files.list (purpose)", lambda: expect(all(f.purpose == "fine-tune"
                                                for f in client.files.list(purpose="fine-tune")), "purpose"))
check("files.retrieve", lambda: expect(client.files.retrieve(train.id).id == train.id, "retrieve"))
check("files.content", lambda: expect(client.files.content(train.id).content == TRAIN, "content"))
check("files.wait_for_processing", lambda: client.files.wait_for_processing(train.id, poll_interval=0.1))
check("files.delete", lambda: expect(client.files.delete(extra.id).deleted is True, "deleted"))

# ---------------------------------------------------------------- uploads
def uploads_parts():
    data = jsonl(chat_line, 20)
    upload = client.uploads.create(bytes=len(data), filename="big.jsonl", mime_type="text/jsonl",
                                   purpose="fine-tune")
    expect(upload.status == "pending", upload)
    half = len(data) // 2
    p1 = client.uploads.parts.create(upload_id=upload.id, data=data[:half])
    p2 = client.uploads.parts.create(upload_id=upload.id, data=data[half:])
    done = client.uploads.complete(upload_id=upload.id, part_ids=[p1.id, p2.id])
    expect(done.status == "completed" and done.file is not None and done.file.bytes == len(data), done)
    expect(client.files.content(done.file.id).content == data, "upload content")


check("uploads.create + parts.create + complete", uploads_parts)
check("uploads.upload_file_chunked", lambda: expect(client.uploads.upload_file_chunked(
    file=TRAIN, filename="chunked.jsonl", bytes=len(TRAIN), mime_type="text/jsonl", purpose="fine-tune",
    part_size=300).status == "completed", "chunked"))

# ---------------------------------------------------------------- fine-tuning jobs
MODEL = "gpt-4o-mini-2024-07-18"


def jobs_create():
    job = client.fine_tuning.jobs.create(
        model=MODEL, training_file=train.id, validation_file=valid.id, suffix="conformance", seed=7,
        metadata={"suite": "conformance"},
        method={"type": "supervised", "supervised": {"hyperparameters": {
            "n_epochs": 2, "batch_size": 1, "learning_rate_multiplier": "auto"}}})
    expect(job.id.startswith("ftjob-") and job.method.type == "supervised", job)
    return job


job = check("fine_tuning.jobs.create (method)", jobs_create)
legacy = check("fine_tuning.jobs.create (hyperparameters)", lambda: client.fine_tuning.jobs.create(
    model=MODEL, training_file=train.id, hyperparameters={"n_epochs": 1}))
check("fine_tuning.jobs.list (auto-pagination)", lambda: expect(
    {job.id, legacy.id} <= {j.id for j in client.fine_tuning.jobs.list(limit=1)}, "listed"))
check("fine_tuning.jobs.list (metadata)", lambda: expect(
    [j.id for j in client.fine_tuning.jobs.list(metadata={"suite": "conformance"})] == [job.id], "metadata"))
check("fine_tuning.jobs.retrieve", lambda: expect(client.fine_tuning.jobs.retrieve(job.id).id == job.id, "job"))
done = check("fine_tuning.jobs.retrieve until succeeded", lambda: wait_job(job.id, {"succeeded"}))


def events():
    listed = list(client.fine_tuning.jobs.list_events(job.id, limit=2))   # auto-pagination, newest first
    ids = [e.id for e in listed]
    expect(len(listed) > 3 and len(ids) == len(set(ids)), ids)
    expect(any(e.type == "metrics" for e in listed), "metrics events")


check("fine_tuning.jobs.list_events (auto-pagination)", events)


def checkpoints():
    cps = list(client.fine_tuning.jobs.checkpoints.list(job.id, limit=1))
    expect(len(cps) >= 1 and cps[0].fine_tuned_model_checkpoint.startswith("ft:"), cps)


check("fine_tuning.jobs.checkpoints.list", checkpoints)


def pause_resume():
    # many examples and epochs: the longest run the emulator simulates, so the job is seen running
    big = client.files.create(file=("long.jsonl", jsonl(chat_line, 300)), purpose="fine-tune")
    j = client.fine_tuning.jobs.create(model=MODEL, training_file=big.id, hyperparameters={"n_epochs": 20})
    wait_job(j.id, {"running"})
    expect(client.fine_tuning.jobs.pause(j.id).status == "paused", "paused")
    client.fine_tuning.jobs.resume(j.id)
    expect(client.fine_tuning.jobs.cancel(j.id).status == "cancelled", "cancelled")


check("fine_tuning.jobs.pause + resume + cancel", pause_resume)
check("fine_tuning.jobs.cancel", lambda: expect(client.fine_tuning.jobs.cancel(
    client.fine_tuning.jobs.create(model=MODEL, training_file=train.id).id).status == "cancelled", "cancel"))


def dpo():
    f = client.files.create(file=("dpo.jsonl", jsonl(dpo_line, 10)), purpose="fine-tune")
    j = client.fine_tuning.jobs.create(model="gpt-4.1-mini-2025-04-14", training_file=f.id, method={
        "type": "dpo", "dpo": {"hyperparameters": {"beta": 0.2}}})
    expect(j.method.type == "dpo" and j.method.dpo.hyperparameters.beta == 0.2, j)
    expect(wait_job(j.id, {"succeeded"}).fine_tuned_model is not None, "dpo model")


check("fine_tuning.jobs.create (dpo)", dpo)
GRADER = {"type": "string_check", "name": "exact", "input": "{{sample.output_text}}",
          "reference": "{{item.reference_answer}}", "operation": "eq"}


def reinforcement():
    t = client.files.create(file=("rft.jsonl", jsonl(rft_line, 10)), purpose="fine-tune")
    v = client.files.create(file=("rft-valid.jsonl", jsonl(rft_line, 10)), purpose="fine-tune")
    j = client.fine_tuning.jobs.create(model="o4-mini-2025-04-16", training_file=t.id, validation_file=v.id,
                                       method={"type": "reinforcement", "reinforcement": {
                                           "grader": GRADER, "hyperparameters": {"reasoning_effort": "low"}}})
    expect(j.method.type == "reinforcement", j)
    client.fine_tuning.jobs.cancel(j.id)


check("fine_tuning.jobs.create (reinforcement)", reinforcement)
check("fine_tuning.alpha.graders.validate", lambda: expect(
    client.fine_tuning.alpha.graders.validate(grader=GRADER).grader is not None, "validate"))


def graders_run():
    run = client.fine_tuning.alpha.graders.run(grader=GRADER, model_sample="4", item={"reference_answer": "4"})
    expect(run.reward == 1.0, run)


check("fine_tuning.alpha.graders.run", graders_run)

# ---------------------------------------------------------------- models and chat
tuned = done.fine_tuned_model if done else None
check("models.retrieve (alias)", lambda: expect(client.models.retrieve("gpt-4o-mini").id == "gpt-4o-mini", "alias"))
check("models.retrieve (snapshot)", lambda: expect(client.models.retrieve(MODEL).id == MODEL, "snapshot"))
check("models.retrieve (fine-tuned)", lambda: expect(client.models.retrieve(tuned).owned_by != "openai", "owner"))
check("models.list", lambda: expect(tuned in [m.id for m in client.models.list()], "listed"))
MESSAGES = [{"role": "user", "content": "A quick vegetarian dinner for two?"}]


def chat(model):
    answer = client.chat.completions.create(model=model, messages=MESSAGES)
    expect(answer.choices[0].message.content and answer.usage.total_tokens > 0, answer)


check("chat.completions.create (alias)", lambda: chat("gpt-4o-mini"))
check("chat.completions.create (fine-tuned)", lambda: chat(tuned))


def chat_stream():
    chunks = list(client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True,
                                                 stream_options={"include_usage": True}))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    expect(text and chunks[-1].usage is not None and chunks[-1].usage.total_tokens > 0, chunks)
    expect(any(c.choices and c.choices[0].finish_reason == "stop" for c in chunks), "finish_reason")


check("chat.completions.create (stream=True)", chat_stream)


def chat_stream_helper():
    with client.chat.completions.stream(model="gpt-4o-mini", messages=MESSAGES) as stream:
        final = stream.get_final_completion()
    expect(final.choices[0].message.content, final)


check("chat.completions.stream", chat_stream_helper)

# ---------------------------------------------------------------- evals
def evals():
    ev = client.evals.create(
        name="recipes",
        data_source_config={"type": "custom", "item_schema": {"type": "object", "properties": {
            "question": {"type": "string"}, "answer": {"type": "string"}}}, "include_sample_schema": True},
        testing_criteria=[{"type": "string_check", "name": "match", "input": "{{sample.output_text}}",
                           "reference": "{{item.answer}}", "operation": "eq"}])
    content = [{"item": {"question": "Recipe %d?" % i, "answer": "Cook dish number %d for ten minutes." % i}}
               for i in range(3)]
    run = client.evals.runs.create(ev.id, name="tuned", data_source={
        "type": "completions", "model": tuned,
        "input_messages": {"type": "template", "template": [{"role": "user", "content": "{{item.question}}"}]},
        "source": {"type": "file_content", "content": content}})
    deadline = time.time() + 30
    while run.status in ("queued", "in_progress"):
        expect(time.time() < deadline, "run still " + run.status)
        time.sleep(0.1)
        run = client.evals.runs.retrieve(run.id, eval_id=ev.id)
    expect(run.status == "completed" and run.result_counts.total == 3, run)
    items = list(client.evals.runs.output_items.list(run.id, eval_id=ev.id, limit=1))
    expect(len(items) == 3, items)
    client.evals.runs.output_items.retrieve(items[0].id, eval_id=ev.id, run_id=run.id)
    expect(ev.id in [e.id for e in client.evals.list()], "eval listed")
    expect(run.id in [r.id for r in client.evals.runs.list(ev.id)], "run listed")
    client.evals.update(ev.id, name="recipes v2")
    expect(client.evals.retrieve(ev.id).name == "recipes v2", "updated")
    jsonl_run = client.evals.runs.create(ev.id, data_source={"type": "jsonl", "source": {
        "type": "file_content", "content": [{"item": {"question": "q", "answer": "a"}, "sample": {
            "output_text": "a"}}]}})
    client.evals.runs.retrieve(jsonl_run.id, eval_id=ev.id)
    client.evals.runs.delete(jsonl_run.id, eval_id=ev.id)
    expect(client.evals.delete(ev.id).deleted, "eval deleted")


check("evals (create, runs, output items, list, update, delete)", evals)
check("models.delete", lambda: expect(client.models.delete(tuned).deleted is True, "model deleted"))

# ---------------------------------------------------------------- errors
def error(call, cls, status, type_, code, param):
    try:
        call()
    except cls as e:
        expect(e.status_code == status, "status %s" % e.status_code)
        expect(e.type == type_, "type %r" % e.type)
        expect(e.code == code, "code %r" % e.code)
        expect(e.param == param, "param %r" % e.param)
        expect(e.request_id, "request id")
        expect(e.body.get("message") == e.message.split(" - ", 1)[0] or e.body.get("message"), "message")
        return
    raise AssertionError("no " + cls.__name__)


check("error: file not found", lambda: error(lambda: client.files.retrieve("file-missing"), openai.NotFoundError,
                                             404, "invalid_request_error", None, "id"))
check("error: job not found", lambda: error(lambda: client.fine_tuning.jobs.retrieve("ftjob-missing"),
                                            openai.NotFoundError, 404, "invalid_request_error", None,
                                            "fine_tuning_job_id"))
check("error: missing parameter", lambda: error(
    lambda: client.fine_tuning.jobs.create(model=MODEL, training_file=None), openai.BadRequestError, 400,
    "invalid_request_error", "missing_required_parameter", "training_file"))
check("error: bad key", lambda: error(lambda: OpenAI(base_url=BASE_URL, api_key="sk-wrong", max_retries=0)
                                      .models.list(), openai.AuthenticationError, 401, "invalid_request_error",
                                      "invalid_api_key", None))

finish()
