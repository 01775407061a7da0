"""Unit tests of the failover report's arithmetic: windows, outages, percentiles and the data check.
Run by scripts/test (python3 -m unittest), standard library only."""
import unittest

import report


def attempt(name, start, end, status=201, error=None):
    return {"name": name, "start": start, "end": end, "status": status, "error": error}


class AnalyseTest(unittest.TestCase):
    def facts(self, attempts, **more):
        base = {"failover_posted": 100.0, "attempts": attempts, "mode": "planned"}
        base.update(more)
        return base

    def test_the_longest_gap_between_acknowledgements_and_each_outage(self):
        r = report.analyse(self.facts([
            attempt("w0", 98.0, 98.1),
            attempt("w1", 99.0, 99.2),
            attempt("w2", 100.5, 100.6, 503),
            attempt("w3", 101.0, 101.1, "ConnectionRefused"),
            attempt("w4", 102.0, 102.4),
            attempt("w5", 103.0, 103.1, 503),
            attempt("w6", 103.5, 103.6),
        ]))
        self.assertEqual(r["attempts"], 7)
        self.assertEqual(r["acknowledged"], 4)
        self.assertAlmostEqual(r["max_gap_s"], 102.4 - 99.2)
        self.assertAlmostEqual(r["max_gap_from"], -0.8)
        self.assertAlmostEqual(r["max_gap_to"], 2.4)
        self.assertEqual([o["failed"] for o in r["outages"]], [2, 1])
        self.assertAlmostEqual(r["outages"][0]["seconds"], 102.4 - 100.5)
        self.assertAlmostEqual(r["first_outage_s"], 102.4 - 100.5)
        self.assertAlmostEqual(r["outage_total_s"], (102.4 - 100.5) + (103.6 - 103.0))
        self.assertEqual(r["failed"], 3)
        self.assertEqual(r["failed_by_status"], {"503": 2, "ConnectionRefused": 1})
        self.assertFalse(r["unrecovered"])

    def test_the_baseline_is_the_writes_before_the_failover_was_posted(self):
        r = report.analyse(self.facts([
            attempt("w0", 96.0, 96.01),
            attempt("w1", 97.0, 97.03),
            attempt("w2", 98.0, 98.02),
            attempt("w3", 100.1, 100.9),
        ]))
        self.assertAlmostEqual(r["baseline_rate"], 3 / (98.02 - 96.0))
        self.assertAlmostEqual(r["baseline_latency_ms_p50"], 20.0)
        self.assertAlmostEqual(r["baseline_latency_ms_max"], 30.0)

    def test_writes_that_never_recover_keep_the_window_open_to_the_last_attempt(self):
        r = report.analyse(self.facts([
            attempt("w0", 99.0, 99.1),
            attempt("w1", 100.2, 100.3, 503),
            attempt("w2", 105.0, 105.2, 503),
        ]))
        self.assertTrue(r["unrecovered"])
        self.assertAlmostEqual(r["max_gap_s"], 105.2 - 99.1)
        self.assertIsNone(r["outages"][0]["to"])
        self.assertIsNone(r["outages"][0]["seconds"])

    def test_acknowledged_writes_missing_after_the_failover_are_named(self):
        r = report.analyse(self.facts(
            [attempt("w0", 99.0, 99.1), attempt("w1", 100.0, 100.1), attempt("w2", 100.2, 100.3, 503)],
            api_names=["w0", "w2", "stray"], replica_names=None))
        self.assertEqual(r["api_names"], {"found": 1, "missing": ["w1"], "unacked_present": ["w2"], "unknown": ["stray"]})
        self.assertIsNone(r["replica_names"])

    def test_step_times_are_relative_to_the_post(self):
        r = report.analyse(self.facts([], operation={"status": "COMPLETED", "steps": [
            {"number": 1, "name": "preflight", "state": "DONE", "started_at_millis": 100_500, "finished_at_millis": 101_250}]}))
        self.assertEqual(r["steps"][0]["name"], "preflight")
        self.assertAlmostEqual(r["steps"][0]["from"], 0.5)
        self.assertAlmostEqual(r["steps"][0]["seconds"], 0.75)


class StatLineTest(unittest.TestCase):
    def test_median_and_max_skip_missing_values(self):
        self.assertEqual(report.stat_line([3.0, None, 1.0, 2.0]), ("2.00", "3.00"))
        self.assertEqual(report.stat_line([None]), ("–", "–"))


if __name__ == "__main__":
    unittest.main()
