package org.unimo.dsl;
public enum TokenizerKind { BYTE_BPE, GPT2_R50K }
