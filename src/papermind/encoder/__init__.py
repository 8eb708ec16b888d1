"""The MiniLM encoder as an ONNX graph run by onnxruntime: exported once from the packaged weights
(``export``, the only part that needs torch), cached in ``$PAPERMIND_HOME/models`` under a key
made of the weights' hash and the export settings (``cache``), and run with the fast tokenizer
(``runtime``). ``papermind.embed`` is the public face; nothing else imports these modules."""
