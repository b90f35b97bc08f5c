"""Run a hedgesim sweep on a SLURM or PBS cluster with dask-jobqueue.

    python examples/cluster_sweep.py SPEC --out DIR --scheduler-kind slurm --jobs 10
    python examples/cluster_sweep.py SPEC --out DIR --local        # same code, a LocalCluster
    python examples/cluster_sweep.py SPEC --out DIR --print-job-script   # check the batch script

Each batch job starts Dask workers; hedgesim sends them chunks of worlds and
writes the results from this process, streaming them to DIR as chunks finish.
Rerun the same command after a crash or a lost allocation: finished chunks are
kept and only the rest runs. The results are identical to a serial run.

Adapt the job settings (queue, account, cores, memory, walltime) to your site;
``--job-extra`` passes extra #SBATCH / #PBS directives.
"""

from __future__ import annotations

import argparse


def make_cluster(args: argparse.Namespace, scale: bool = True):
    """A Dask cluster: batch jobs on SLURM or PBS, or a LocalCluster to try it out."""
    if args.local:
        from dask.distributed import LocalCluster

        return LocalCluster(n_workers=args.jobs * args.processes, threads_per_worker=1,
                            dashboard_address=None)
    from dask_jobqueue import PBSCluster, SLURMCluster

    kind = SLURMCluster if args.scheduler_kind == "slurm" else PBSCluster
    cluster = kind(
        queue=args.queue, account=args.account,
        cores=args.processes, processes=args.processes,  # one single-threaded worker per core
        memory=args.memory, walltime=args.walltime,
        job_extra_directives=args.job_extra,
    )
    if scale:
        cluster.scale(jobs=args.jobs)
    return cluster


def main(argv: list[str] | None = None) -> None:
    from hedgesim.analysis.sweep import run_sweep

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", help="sweep spec YAML or bundled spec name")
    parser.add_argument("--out", required=True, help="output folder on a shared filesystem")
    parser.add_argument("--local", action="store_true", help="use a LocalCluster instead of batch jobs")
    parser.add_argument("--scheduler-kind", choices=("slurm", "pbs"), default="slurm")
    parser.add_argument("--jobs", type=int, default=4, help="batch jobs (nodes) to request")
    parser.add_argument("--processes", type=int, default=16, help="worker processes per job")
    parser.add_argument("--memory", default="32GB", help="memory per job")
    parser.add_argument("--walltime", default="02:00:00")
    parser.add_argument("--queue", default=None)
    parser.add_argument("--account", default=None)
    parser.add_argument("--job-extra", action="append", default=[], help="extra scheduler directive")
    parser.add_argument("--print-job-script", action="store_true",
                        help="print the batch script each job will run, and stop")
    args = parser.parse_args(argv)

    if args.print_job_script:
        with make_cluster(args, scale=False) as cluster:
            print(cluster.job_script())
        return

    with make_cluster(args) as cluster:
        result = run_sweep(args.spec, out=args.out, executor="dask", scheduler=cluster)
    info = result.info
    print(f"{info['runs']:,} runs, {'complete' if info['complete'] else 'INCOMPLETE'}; "
          f"results in {args.out}")


if __name__ == "__main__":
    main()
