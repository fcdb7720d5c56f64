/// The shell script every engine runs inside an image: `dlenv verify --python python --device cuda --json`
/// plus `dlenv probe --json`, wrapped in one JSON envelope that `dlenv fleet collect` reads back, so a
/// result always says which job, shard and host produced it.
public enum FleetVerifyScript {
    /// The command each job runs. `--no-store`: the image's history database is thrown away with the
    /// container (and may not be writable for its user); `dlenv fleet collect` stores the results instead.
    public static let verifyCommand = "dlenv verify --python python --device cuda --json --no-store"

    /// The envelope's format version (`dlenv_fleet_result`).
    public static let envelopeVersion = 1

    /// The script body for `sh -c`. `shardExpression` is a shell expression for the shard index
    /// (`${JOB_COMPLETION_INDEX:-0}` on Kubernetes); every engine hands it to dlenv the same way, as
    /// `DLENV_SHARD_INDEX` and `DLENV_SHARD_COUNT`. Verification exits 1 when a workload fails; the script
    /// keeps that status so the engine marks the job failed, after printing the envelope.
    public static func script(job: String, shardExpression: String, shards: Int = 1) -> String {
        """
        set -u
        export DLENV_SHARD_INDEX="\(shardExpression)" DLENV_SHARD_COUNT=\(shards)
        out="${TMPDIR:-/tmp}/dlenv-fleet-$$"
        mkdir -p "$out"
        \(verifyCommand) >"$out/verify.json"
        status=$?
        dlenv probe --json >"$out/probe.json" || true
        [ -s "$out/verify.json" ] || echo null >"$out/verify.json"
        [ -s "$out/probe.json" ] || echo null >"$out/probe.json"
        printf '{"dlenv_fleet_result": \(envelopeVersion), "job": "\(job)", "shard": %s, "exit_status": %s, "probe": ' "$DLENV_SHARD_INDEX" "$status"
        cat "$out/probe.json"
        printf ', "verify": '
        cat "$out/verify.json"
        printf '}\\n'
        exit "$status"

        """
    }
}
