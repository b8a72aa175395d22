// Background work: a jobs table any number of runners share, each job claimed by one runner at a time.

import Fluent
import Foundation
import Logging
import SQLKit
import StewardCore
import Vapor

/// What a job of one kind does. Throwing marks the attempt failed; the error is kept and the job retried.
typealias JobHandler = @Sendable (Job, Application) async throws -> Void

enum Jobs {
    /// Work that recurs on its own, from every feature, created by the first runner that starts: mail to people goes
    /// at 07:00 on each school's own clock (the weekly summary on Mondays), not whenever the server started.
    static var recurring: [RecurringJob] { Features.recurringJobs }

    /// The next moment after `date` at `hour`:00 UTC, on `weekday` (0 Sunday … 6 Saturday) when given.
    static func next(hour: Int, weekday: Int?, after date: Date) -> Date {
        let day = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        for offset in 0...8 {
            let candidate = Date(timeIntervalSince1970: Double((day + offset) * 86_400 + hour * 3600))
            // 1 January 1970 was a Thursday (4).
            let dayOfWeek = ((day + offset) % 7 + 4) % 7
            if candidate > date && (weekday == nil || weekday == dayOfWeek) { return candidate }
        }
        return date.addingTimeInterval(86_400)
    }

    /// The handlers every Steward has (each feature's recurring work); tests add their own.
    static var builtInHandlers: [String: JobHandler] {
        Dictionary(
            recurring.map { ($0.kind, $0.run) } + Features.all.flatMap { $0.jobs.map { ($0.key, $0.value) } },
            uniquingKeysWith: { first, _ in first })
    }

    /// How long a runner may hold a job before another may assume it stopped and take it over.
    static let claimLease: TimeInterval = 600

    /// Queues a job on `db` (which may be the transaction of the event that needs it).
    @discardableResult
    static func enqueue(
        on db: any Database, kind: String, schoolID: UUID? = nil, payload: String = "{}", dueAt: Date = Date(),
        maxAttempts: Int = 5
    ) async throws -> Job {
        let job = Job(kind: kind, schoolID: schoolID, payload: payload, dueAt: dueAt, maxAttempts: maxAttempts)
        try await job.create(on: db)
        return job
    }

    /// Makes sure each recurring job exists once; several runners may call this at once.
    static func ensureRecurring(on db: any Database, now: Date = Date()) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let schools = try await School.query(on: db).all()
        for job in recurring {
            switch job.schedule {
            case .every(_, let firstDue):
                try await insert(job, key: "recurring:" + job.kind, schoolID: nil, due: firstDue(now), now: now, sql)
            case .schoolTime(let hour, let weekday):
                // Before schools had clocks these ran once for every school at 07:00 UTC: that job goes.
                try await sql.raw("DELETE FROM jobs WHERE unique_key = \(bind: "recurring:" + job.kind)").run()
                for school in schools {
                    guard let schoolID = school.id else { continue }
                    let due = school.clock.next(hour: hour, weekday: weekday, after: now)
                    let key = "recurring:\(job.kind):\(schoolID.uuidString)"
                    try await insert(job, key: key, schoolID: schoolID, due: due, now: now, sql)
                }
            }
        }
    }

    private static func insert(
        _ job: RecurringJob, key: String, schoolID: UUID?, due: Date, now: Date, _ sql: any SQLDatabase
    ) async throws {
        try await sql.raw(
            """
            INSERT INTO jobs (id, kind, school_id, payload, unique_key, interval_seconds, status, due_at, attempts,
              max_attempts, created_at)
            VALUES (\(bind: UUID()), \(bind: job.kind), \(bind: schoolID), '{}', \(bind: key), \(bind: job.interval),
              'queued', \(bind: due), 0, 3, \(bind: now))
            ON CONFLICT (unique_key) DO NOTHING
            """
        ).run()
    }

    /// When a recurring job runs next after `date`: the next slot on its school's clock for a school-time job,
    /// otherwise its interval after its last due time (keeping its time of day).
    static func nextDue(_ job: Job, after date: Date, on db: any Database) async throws -> Date {
        if let schedule = recurring.first(where: { $0.kind == job.kind })?.schedule,
            case .schoolTime(let hour, let weekday) = schedule, let schoolID = job.$school.id
        {
            let clock = try await School.find(schoolID, on: db)?.clock ?? .london
            return clock.next(hour: hour, weekday: weekday, after: max(date, job.dueAt))
        }
        let interval = TimeInterval(job.intervalSeconds ?? 86_400)
        var next = job.dueAt.addingTimeInterval(interval)
        while next <= date { next = next.addingTimeInterval(interval) }
        return next
    }

    /// Moves a school's queued school-time jobs to their next slot on `clock` (after its time zone changed).
    static func rescheduleSchoolTime(
        schoolID: UUID, clock: SchoolClock, on db: any Database, now: Date = Date()
    )
        async throws
    {
        for job in recurring {
            guard case .schoolTime(let hour, let weekday) = job.schedule else { continue }
            try await Job.query(on: db).filter(\.$kind == job.kind).inSchool(schoolID)
                .filter(\.$status == .queued).set(\.$dueAt, to: clock.next(hour: hour, weekday: weekday, after: now))
                .update()
        }
    }

    /// Runs `body` for the school a school-time job names, on that school's clock; nothing if the school is gone.
    static func forSchool(
        _ job: Job, _ app: Application, _ body: @escaping @Sendable (School, UUID) async throws -> Void
    ) async throws {
        guard let schoolID = job.$school.id, let school = try await School.find(schoolID, on: app.db) else { return }
        try await Display.$clock.withValue(school.clock) { try await body(school, schoolID) }
    }

    /// Claims the next due job for `runner`, or one whose runner stopped (its lease ran out).
    static func claimNext(db: any Database, runner: String, now: Date) async throws -> Job? {
        guard let sql = db as? any SQLDatabase else { return nil }
        // A runner that stopped mid-job leaves it "running" past its lease: say so, and give up on it when it has
        // had all its attempts (a job that kills its runner every time must not kill every runner forever).
        try await sql.raw(
            """
            UPDATE jobs SET status = 'failed', finished_at = \(bind: now), claimed_by = NULL,
              last_error = 'The runner stopped during the last attempt, which was its last.'
            WHERE status = 'running' AND claimed_until < \(bind: now) AND attempts >= max_attempts
              AND interval_seconds IS NULL
            """
        ).run()
        try await sql.raw(
            """
            UPDATE jobs SET last_error = 'The runner stopped during attempt ' || attempts || '; tried again.'
            WHERE status = 'running' AND claimed_until < \(bind: now)
            """
        ).run()
        let skipLocked = sql.dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
        let ids = try await sql.raw(
            """
            UPDATE jobs SET status = 'running', attempts = attempts + 1, claimed_by = \(bind: runner),
              claimed_until = \(bind: now.addingTimeInterval(claimLease)), last_run_at = \(bind: now)
            WHERE id IN (SELECT id FROM jobs
              WHERE (status = 'queued' AND due_at <= \(bind: now)) OR (status = 'running' AND claimed_until < \(bind: now))
              ORDER BY due_at LIMIT 1\(unsafeRaw: skipLocked))
            RETURNING id
            """
        ).all().map { try $0.decode(column: "id", as: UUID.self) }
        guard let id = ids.first else { return nil }
        return try await Job.find(id, on: db)
    }

    /// Records how an attempt ended, unless another runner has taken the job over meanwhile.
    static func finish(_ job: Job, runner: String, error: (any Error)?, db: any Database, now: Date) async throws {
        guard let id = job.id else { return }
        let query = Job.query(on: db).filter(\.$id == id).filter(\.$claimedBy == runner).filter(\.$status == .running)
            .set(\.$claimedBy, to: nil).set(\.$claimedUntil, to: nil)
        if let error {
            let reason = String(String(describing: error).prefix(2_000))
            query.set(\.$lastError, to: reason)
            if job.intervalSeconds != nil, job.attempts >= job.maxAttempts {
                query.set(\.$status, to: .queued).set(\.$attempts, to: 0)
                    .set(\.$dueAt, to: try await nextDue(job, after: now, on: db))
            } else if job.attempts >= job.maxAttempts {
                query.set(\.$status, to: .failed).set(\.$finishedAt, to: now)
            } else {
                query.set(\.$status, to: .queued)
                    .set(\.$dueAt, to: now.addingTimeInterval(RetrySchedule.delay(afterAttempt: job.attempts)))
            }
        } else if job.intervalSeconds != nil {
            // The next slot after now on the job's own schedule (its school's clock, or its interval).
            query.set(\.$status, to: .queued).set(\.$attempts, to: 0).set(\.$lastError, to: nil)
                .set(\.$dueAt, to: try await nextDue(job, after: now, on: db))
        } else {
            query.set(\.$status, to: .done).set(\.$finishedAt, to: now)
        }
        try await query.update()
    }
}

/// Has `serve` run due jobs and deliver mail in its own process (what a school running one instance wants).
public func runBackgroundJobsInProcess(_ app: Application) {
    app.lifecycle.use(JobRunnerLifecycle())
}
