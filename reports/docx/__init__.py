"""Official documents laid out per GB/T 9704-2012 (python-docx): the writer and the papers built on it."""
