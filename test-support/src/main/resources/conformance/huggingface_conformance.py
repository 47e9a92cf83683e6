"""Drives a Hugging Face emulator with the official `huggingface_hub` client.

Every call is one named check; a check fails when the client raises or a result is not what the real service gives.
Prints one line per check and a JSON summary line ("SUMMARY {...}"); exits 1 when any check failed.
Environment: HF_ENDPOINT (the Hub), HF_TOKEN, CONFORMANCE_ENDPOINTS_URL (Inference Endpoints API, which
huggingface_hub cannot take from the environment, so it is set in its constants here).
"""
import itertools
import os
import tempfile
import time
from pathlib import Path

from huggingface_hub import constants

constants.INFERENCE_ENDPOINTS_ENDPOINT = os.environ["CONFORMANCE_ENDPOINTS_URL"]

import httpx  # noqa: E402
from huggingface_hub import HfApi, hf_hub_download  # noqa: E402
from huggingface_hub.errors import RepositoryNotFoundError  # noqa: E402

from checks import check, expect, finish  # noqa: E402

ENDPOINT = os.environ["HF_ENDPOINT"]
TOKEN = os.environ["HF_TOKEN"]
api = HfApi(endpoint=ENDPOINT, token=TOKEN)
me = check("whoami", lambda: api.whoami())
USER = me["name"] if me else "emulator-user"
DATASET = USER + "/conformance-data"
PUBLIC = USER + "/conformance-public"

check("create_repo (dataset, private)", lambda: api.create_repo(DATASET, repo_type="dataset", private=True))
check("create_repo (exist_ok)", lambda: api.create_repo(DATASET, repo_type="dataset", private=True, exist_ok=True))
check("create_repo (model, public)", lambda: api.create_repo(PUBLIC))

SMALL = b'{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}\n' * 20
LARGE = os.urandom(3 * 1024 * 1024 + 17)   # above the emulator's LFS threshold and its multipart chunk size

check("upload_file (small)", lambda: api.upload_file(path_or_fileobj=SMALL, path_in_repo="train.jsonl",
                                                      repo_id=DATASET, repo_type="dataset"))
check("upload_file (LFS)", lambda: api.upload_file(path_or_fileobj=LARGE, path_in_repo="blobs/big.bin",
                                                    repo_id=DATASET, repo_type="dataset"))


def upload_folder():
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "test.jsonl").write_bytes(SMALL[:200])
        Path(folder, "nested").mkdir()
        Path(folder, "nested", "weights.bin").write_bytes(LARGE[:2 * 1024 * 1024])
        Path(folder, "README.md").write_text("---\nlicense: mit\ntags:\n- conformance\n---\n# Data\n")
        info = api.upload_folder(folder_path=folder, repo_id=DATASET, repo_type="dataset",
                                 commit_message="add folder")
        expect(info.oid and info.commit_url, info)


check("upload_folder (small and LFS files)", upload_folder)


def repo_files():
    files = set(api.list_repo_files(DATASET, repo_type="dataset"))
    expect({"train.jsonl", "blobs/big.bin", "test.jsonl", "nested/weights.bin", "README.md"} <= files, files)


check("list_repo_files", repo_files)


def repo_tree():
    top = {e.path: e for e in api.list_repo_tree(DATASET, repo_type="dataset")}
    expect("nested" in top and type(top["nested"]).__name__ == "RepoFolder", top)
    deep = {e.path: e for e in api.list_repo_tree(DATASET, repo_type="dataset", recursive=True, expand=True)}
    big = deep["blobs/big.bin"]
    expect(big.size == len(LARGE) and big.lfs is not None and big.lfs.sha256, big)
    expect(big.last_commit is not None, "lastCommit with expand=True")


check("list_repo_tree (recursive, expand)", repo_tree)


def download(name, expected):
    with tempfile.TemporaryDirectory() as cache:
        path = hf_hub_download(DATASET, name, repo_type="dataset", token=TOKEN, endpoint=ENDPOINT, cache_dir=cache)
        expect(Path(path).read_bytes() == expected, "content of " + name)


check("hf_hub_download (small)", lambda: download("train.jsonl", SMALL))
check("hf_hub_download (LFS)", lambda: download("blobs/big.bin", LARGE))


def ranges():
    url = ENDPOINT + "/datasets/" + DATASET + "/resolve/main/train.jsonl"
    r = httpx.get(url, headers={"Authorization": "Bearer " + TOKEN, "Range": "bytes=0-0"})
    expect(r.status_code == 206 and r.content == SMALL[:1], (r.status_code, r.headers))
    expect(r.headers["Content-Range"] == "bytes 0-0/%d" % len(SMALL), r.headers)
    r = httpx.get(url, headers={"Authorization": "Bearer " + TOKEN, "Range": "bytes=10-"})
    expect(r.status_code == 206 and r.content == SMALL[10:], r.status_code)
    lfs = httpx.get(ENDPOINT + "/datasets/" + DATASET + "/resolve/main/blobs/big.bin", follow_redirects=True,
                    headers={"Authorization": "Bearer " + TOKEN, "Range": "bytes=5-9"})
    expect(lfs.status_code == 206 and lfs.content == LARGE[5:10], lfs.status_code)


check("resolve with Range (small and LFS)", ranges)


def raw():
    auth = {"Authorization": "Bearer " + TOKEN}
    small = httpx.get(ENDPOINT + "/datasets/" + DATASET + "/raw/main/train.jsonl", headers=auth)
    expect(small.status_code == 200 and small.content == SMALL, small.status_code)
    pointer = httpx.get(ENDPOINT + "/datasets/" + DATASET + "/raw/main/blobs/big.bin", headers=auth)
    expect(pointer.status_code == 200 and pointer.text.startswith("version https://git-lfs.github.com/spec/v1")
           and ("size %d" % len(LARGE)) in pointer.text, pointer.text[:200])
    missing = httpx.head(ENDPOINT + "/datasets/" + DATASET + "/raw/main/nope.jsonl", headers=auth)
    expect(missing.status_code == 404 and missing.headers.get("X-Error-Code") == "EntryNotFound", missing.headers)


check("raw (file, LFS pointer, missing)", raw)
check("file_exists (true)", lambda: expect(api.file_exists(DATASET, "train.jsonl", repo_type="dataset"), "exists"))
check("file_exists (false)", lambda: expect(not api.file_exists(DATASET, "nope.jsonl", repo_type="dataset"), "no"))
check("repo_exists", lambda: expect(api.repo_exists(DATASET, repo_type="dataset")
                                    and not api.repo_exists(USER + "/nothing-here"), "repo_exists"))


def info_expand():
    info = api.dataset_info(DATASET, expand=["lastModified", "cardData", "private", "sha", "siblings"])
    expect(info.private is True and info.sha and info.last_modified is not None, info)
    expect(info.card_data is not None and info.card_data.get("license") == "mit", info.card_data)
    full = api.dataset_info(DATASET, files_metadata=True)
    expect(any(s.rfilename == "blobs/big.bin" and s.size == len(LARGE) for s in full.siblings), full.siblings)
    model = api.model_info(PUBLIC, expand=["lastModified", "private", "downloads", "likes", "tags"])
    expect(model.private is False, model)


check("dataset_info / model_info (expand, files_metadata)", info_expand)


def commits():
    listed = api.list_repo_commits(DATASET, repo_type="dataset")
    expect(len(listed) >= 4 and listed[0].title == "add folder", [c.title for c in listed])
    expect(listed[0].commit_id == api.dataset_info(DATASET).sha, "head commit")


check("list_repo_commits", commits)


def refs():
    r = api.list_repo_refs(DATASET, repo_type="dataset")
    expect([b.name for b in r.branches] == ["main"] and r.branches[0].target_commit, r)


check("list_repo_refs (branches)", refs)
check("list_datasets (author)", lambda: expect(DATASET in [d.id for d in api.list_datasets(author=USER)], "listed"))
check("list_models (author)", lambda: expect(PUBLIC in [m.id for m in api.list_models(author=USER)], "listed"))


def anonymous():
    anon = HfApi(endpoint=ENDPOINT, token=False)
    expect(anon.model_info(PUBLIC).id == PUBLIC, "public info")
    try:
        anon.dataset_info(DATASET)
    except RepositoryNotFoundError:
        return
    raise AssertionError("a private repository was visible without a token")


check("anonymous access (public yes, private no)", anonymous)

# ---------------------------------------------------------------- jobs
TRL = ["trl", "sft", "--model_name_or_path", "Qwen/Qwen2.5-0.5B", "--dataset_name", DATASET,
       "--output_dir", "out", "--push_to_hub", "--hub_model_id", USER + "/conformance-sft"]


def wait_stage(job_id, stages, seconds=60):
    deadline = time.time() + seconds
    while True:
        job = api.inspect_job(job_id=job_id)
        if job.status.stage in stages:
            return job
        expect(time.time() < deadline, "job %s still %s" % (job_id, job.status.stage))
        time.sleep(0.1)


job = check("run_job (TRL)", lambda: api.run_job(image="huggingface/trl", command=TRL, flavor="cpu-basic",
                                                 secrets={"HF_TOKEN": TOKEN}, timeout="1h",
                                                 labels={"suite": "conformance"}))
check("inspect_job", lambda: expect(api.inspect_job(job_id=job.id).id == job.id, "inspect"))


def logs_running():
    # a long run (many steps) so that it is still running while its log is read
    long = api.run_job(image="huggingface/trl", command=TRL + ["--max_steps", "20000"], flavor="cpu-basic",
                       secrets={"HF_TOKEN": TOKEN}, timeout="10h")
    wait_stage(long.id, {"RUNNING"})
    lines = list(itertools.islice(api.fetch_job_logs(job_id=long.id), 5))   # the first lines, while it runs
    expect(lines and not lines[0].startswith("===== Job started"), lines[:3])
    expect(api.inspect_job(job_id=long.id).status.stage == "RUNNING", "still running")
    api.cancel_job(job_id=long.id)
    expect(wait_stage(long.id, {"CANCELED", "COMPLETED", "ERROR"}).status.stage == "CANCELED", "canceled")


check("fetch_job_logs (while running) + cancel_job (running)", logs_running)
check("list_jobs", lambda: expect(job.id in [j.id for j in api.list_jobs()], "listed"))


def logs_after():
    finished = wait_stage(job.id, {"COMPLETED", "ERROR", "CANCELED"})
    expect(finished.status.stage == "COMPLETED", finished.status)
    lines = list(api.fetch_job_logs(job_id=job.id))
    expect(any("'loss'" in line for line in lines), lines[-5:])
    followed = list(api.fetch_job_logs(job_id=job.id, follow=True))
    expect(len(followed) >= len(lines), "follow after the end")


check("fetch_job_logs (after the end, follow)", logs_after)


def uv_job():
    j = api.run_uv_job("https://example.com/train.py", script_args=["--epochs", "1"], dependencies=["trl"],
                       flavor="cpu-basic")
    expect(j.id and api.inspect_job(job_id=j.id).id == j.id, j)
    return j


uv = check("run_uv_job", uv_job)


def cancel():
    j = api.run_job(image="huggingface/trl", command=TRL, flavor="cpu-basic", secrets={"HF_TOKEN": TOKEN})
    api.cancel_job(job_id=j.id)
    expect(wait_stage(j.id, {"CANCELED", "COMPLETED", "ERROR"}).status.stage == "CANCELED", "canceled")


check("cancel_job", cancel)

# ---------------------------------------------------------------- inference endpoints
def endpoints():
    model = USER + "/conformance-sft"
    endpoint = api.create_inference_endpoint("conformance-ep", repository=model, framework="pytorch",
                                             accelerator="gpu", instance_size="x1", instance_type="nvidia-l4",
                                             region="us-east-1", vendor="aws", type="protected",
                                             task="text-generation", min_replica=0, scale_to_zero_timeout=15)
    endpoint.wait(timeout=60, refresh_every=1)
    expect(endpoint.status == "running" and endpoint.url, endpoint)
    got = api.get_inference_endpoint("conformance-ep")
    expect(got.repository == model, got)
    expect("conformance-ep" in [e.name for e in api.list_inference_endpoints()], "listed")
    endpoint.pause()
    expect(endpoint.status == "paused", endpoint.status)
    endpoint.resume()
    endpoint.wait(timeout=60, refresh_every=1)
    endpoint.scale_to_zero()
    expect(endpoint.status == "scaledToZero", endpoint.status)
    endpoint.delete()
    try:
        api.get_inference_endpoint("conformance-ep")
    except Exception as e:  # noqa: BLE001
        expect(getattr(e, "response", None) is not None and e.response.status_code == 404, e)
        return
    raise AssertionError("deleted endpoint still there")


check("inference endpoints (create, wait, get, list, pause, resume, scale to zero, delete)", endpoints)
check("delete_repo", lambda: api.delete_repo(PUBLIC))
check("delete_repo (missing_ok)", lambda: api.delete_repo(PUBLIC, missing_ok=True))

finish()
