"""NLP From Scratch: Classifying Names with a Character-Level RNN (PyTorch tutorials),
ported: only the imports changed.

Offline: data/names/*.txt is a small bundled set (6 languages, 12 surnames each) instead
of the tutorial's download of 18 languages. Added: torch.manual_seed(0) and
random.seed(0) (the tutorial's initialisation and minibatch shuffles are unseeded), so
that the run can be compared with PyTorch's. Changed: `self.labels =
sorted(labels_set)` for `list(labels_set)`, whose order follows Python's string hashing
(PYTHONHASHSEED) and so differs from run to run; 3 epochs of minibatches of 16 instead
of 10 of 64. Dropped: the print of the training time (it differs from run to run) and the
matplotlib plots (the loss curve and the confusion matrix, which is printed instead).
Source: https://github.com/pytorch/tutorials/blob/main/intermediate_source/char_rnn_classification_tutorial.py
"""

# ruff: noqa: E402, F811, B008  (a notebook: imports in the cells that use them, classes redefined)

######################################################################
# Preparing Torch
# ==========================

import autograd as torch

torch.manual_seed(0)

# Check if CUDA is available
device = torch.device("cpu")
if torch.cuda.is_available():
    device = torch.device("cuda")

torch.set_default_device(device)
print(f"Using device = {torch.get_default_device()}")

######################################################################
# Preparing the Data
# ==================

import string
import unicodedata


class NameData:
    allowed_characters = string.ascii_letters + " .,;'"
    n_letters = len(allowed_characters)

    def __init__(self, label, text):
        self.label = label
        self.text = NameData.unicodeToAscii(text)

    def __str__(self):
        return f"label={self.label}, text={self.text}"

    # Turn a Unicode string to plain ASCII, thanks to https://stackoverflow.com/a/518232/2809427
    def unicodeToAscii(s):
        return "".join(
            c
            for c in unicodedata.normalize("NFD", s)
            if unicodedata.category(c) != "Mn" and c in NameData.allowed_characters
        )


print(f"{NameData(label='Polish', text='Ślusàrski')}")

######################################################################
# Turning Names into Tensors
# ==========================

import string
import unicodedata


class NameData:
    allowed_characters = string.ascii_letters + " .,;'"
    n_letters = len(allowed_characters)

    def __init__(self, label, text):
        self.label = label
        self.text = NameData.unicodeToAscii(text)
        self.tensor = NameData.lineToTensor(self.text)

    def __str__(self):
        return f"label={self.label}, text={self.text}\ntensor = {self.tensor}"

    # Turn a Unicode string to plain ASCII, thanks to https://stackoverflow.com/a/518232/2809427
    def unicodeToAscii(s):
        return "".join(
            c
            for c in unicodedata.normalize("NFD", s)
            if unicodedata.category(c) != "Mn" and c in NameData.allowed_characters
        )

    # Find letter index from all_letters, e.g. "a" = 0
    def letterToIndex(letter):
        return NameData.allowed_characters.find(letter)

    # Turn a line into a <line_length x 1 x n_letters>,
    # or an array of one-hot letter vectors
    def lineToTensor(line):
        tensor = torch.zeros(len(line), 1, NameData.n_letters)
        for li, letter in enumerate(line):
            tensor[li][0][NameData.letterToIndex(letter)] = 1
        return tensor


print(f"{NameData(label='none', text='a')}")
print(f"{NameData(label='Korean', text='Ahn')}")

import glob
import os
import string
import time
import unicodedata
from io import open

import autograd as torch
from nn.data import Dataset


class NamesDataset(Dataset):
    def __init__(self, data_dir):
        self.data_dir = data_dir  # for provenance of the dataset
        self.load_time = time.localtime  # for provenance of the dataset
        labels_set = set()  # set of all classes

        self.data = []

        # read all the txt files in the specified directory
        text_files = glob.glob(os.path.join(data_dir, "*.txt"))
        for filename in text_files:
            label = os.path.splitext(os.path.basename(filename))[0]
            labels_set.add(label)
            lines = open(filename, encoding="utf-8").read().strip().split("\n")
            for name in lines:
                self.data.append(NameData(label=label, text=name))

        self.labels = sorted(labels_set)

    def __len__(self):
        return len(self.data)

    def __getitem__(self, idx):
        data_item = self.data[idx]
        label_tensor = torch.tensor([self.labels.index(data_item.label)], dtype=torch.long)
        return label_tensor, data_item.tensor, data_item.label, data_item.text


alldata = NamesDataset("data/names")
print(f"loaded {len(alldata)} items of data")
print(f"example = {alldata[0]}")

train_set, test_set = torch.utils.data.random_split(
    alldata, [0.8, 0.2], generator=torch.Generator(device=device).manual_seed(1)
)

print(f"train examples = {len(train_set)}, validation examples = {len(test_set)}")

######################################################################
# Creating the Network
# ====================

import nn
import nn.functional as F


class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_labels):
        super(RNN, self).__init__()

        self.hidden_size = hidden_size
        self.output_labels = output_labels

        self.i2h = nn.Linear(input_size, hidden_size)
        self.h2h = nn.Linear(hidden_size, hidden_size)
        self.h2o = nn.Linear(hidden_size, len(output_labels))
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, input, hidden):
        hidden = F.tanh(self.i2h(input) + self.h2h(hidden))
        output = self.h2o(hidden)
        output = self.softmax(output)
        return output, hidden


n_hidden = 128
rnn = RNN(NameData.n_letters, n_hidden, alldata.labels)
print(rnn)

input = NameData(label="none", text="A").tensor
output, next_hidden = rnn(input[0], torch.zeros(1, n_hidden))
print(output)

######################################################################
# Scoring Multi-character names
# --------------------

import nn
import nn.functional as F


class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_labels):
        super(RNN, self).__init__()

        self.hidden_size = hidden_size
        self.output_labels = output_labels

        self.i2h = nn.Linear(input_size, hidden_size)
        self.h2h = nn.Linear(hidden_size, hidden_size)
        self.h2o = nn.Linear(hidden_size, len(output_labels))
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, line_tensor):
        hidden = torch.zeros(1, rnn.hidden_size)
        output = torch.zeros(1, len(self.output_labels))

        for i in range(line_tensor.size()[0]):
            input = line_tensor[i]
            hidden = F.tanh(self.i2h(input) + self.h2h(hidden))
            output = self.h2o(hidden)
            output = self.softmax(output)

        return output

    def label_from_output(self, output):
        top_n, top_i = output.topk(1)
        label_i = top_i[0].item()
        return self.output_labels[label_i], label_i


n_hidden = 128
rnn = RNN(NameData.n_letters, n_hidden, alldata.labels)

input = NameData(label="none", text="Albert").tensor
output = rnn(input)  # this is equivalent to output = rnn.forward(input)
print(output)
print(rnn.label_from_output(output))

######################################################################
# Training the Network
# --------------------

import random

import numpy as np

import nn
import nn.functional as F

random.seed(0)


class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_labels):
        super(RNN, self).__init__()

        self.hidden_size = hidden_size
        self.output_labels = output_labels

        self.i2h = nn.Linear(input_size, hidden_size)
        self.h2h = nn.Linear(hidden_size, hidden_size)
        self.h2o = nn.Linear(hidden_size, len(output_labels))
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, line_tensor):
        hidden = torch.zeros(1, rnn.hidden_size)
        output = torch.zeros(1, len(self.output_labels))

        for i in range(line_tensor.size()[0]):
            input = line_tensor[i]
            hidden = F.tanh(self.i2h(input) + self.h2h(hidden))
            output = self.h2o(hidden)
            output = self.softmax(output)

        return output

    def label_from_output(self, output):
        top_n, top_i = output.topk(1)
        label_i = top_i[0].item()
        return self.output_labels[label_i], label_i

    def learn(
        self,
        training_data,
        n_epoch=250,
        n_batch_size=64,
        report_every=50,
        learning_rate=0.005,
        criterion=nn.NLLLoss(),
    ):
        """
        Learn on a batch of training_data for a specified number of iterations and reporting thresholds
        """
        # Keep track of losses for plotting
        current_loss = 0
        all_losses = []
        self.train()
        optimizer = torch.optim.SGD(self.parameters(), lr=learning_rate)

        start = time.time()
        print(f"training on data set with n = {len(training_data)}")

        for iter in range(1, n_epoch + 1):
            self.zero_grad()  # clear the gradients

            # create some minibatches
            # we cannot use dataloaders because each of our names is a different length
            batches = list(range(len(training_data)))
            random.shuffle(batches)
            batches = np.array_split(batches, len(batches) // n_batch_size)

            for idx, batch in enumerate(batches):
                batch_loss = 0
                for i in batch:  # for each example in this batch
                    (label_tensor, text_tensor, label, text) = training_data[i]
                    output = self.forward(text_tensor)
                    loss = criterion(output, label_tensor)
                    batch_loss += loss

                # optimize parameters
                batch_loss.backward()
                nn.utils.clip_grad_norm_(self.parameters(), 3)
                optimizer.step()
                optimizer.zero_grad()

                current_loss += batch_loss.item() / len(batch)

            all_losses.append(current_loss / len(batches))
            if iter % report_every == 0:
                print(f"{iter} ({iter / n_epoch:.0%}): \t average batch loss = {all_losses[-1]}")
            current_loss = 0

        return all_losses


n_hidden = 128
hidden = torch.zeros(1, n_hidden)
rnn = RNN(NameData.n_letters, n_hidden, alldata.labels)
start = time.time()
all_losses = rnn.learn(train_set, n_epoch=3, n_batch_size=16, learning_rate=0.2, report_every=1)
end = time.time()

######################################################################
# Evaluating the Results
# ======================


def evaluate(rnn, testing_data):
    confusion = torch.zeros(len(rnn.output_labels), len(rnn.output_labels))

    rnn.eval()  # set to eval mode
    with torch.no_grad():  # do not record the gradients during eval phase
        for i in range(len(testing_data)):
            (label_tensor, text_tensor, label, text) = testing_data[i]
            output = rnn.forward(text_tensor)
            guess, guess_i = rnn.label_from_output(output)
            label_i = rnn.output_labels.index(label)
            confusion[label_i][guess_i] += 1

    # Normalize by dividing every row by its sum
    for i in range(len(rnn.output_labels)):
        confusion[i] = confusion[i] / confusion[i].sum()

    print(confusion)


evaluate(rnn, test_set)
