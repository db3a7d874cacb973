"""The demo case history's data: invented cases as JSON, and the tiny evidence files they use.

``advocate.demo`` reads the JSON files here; nothing in them is real (names, places, numbers).
"""
