"""Dasbor Rakor LAZISMU: everything that computes lives here, Streamlit-free except lib/ui."""
